"use client";
import {
  createContext,
  forwardRef,
  useContext,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { cn } from "./cn";

export const inputClass =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-400 focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 disabled:cursor-not-allowed disabled:opacity-60 aria-invalid:border-red-500 aria-invalid:ring-1 aria-invalid:ring-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:aria-invalid:border-red-400";

/** The ids a control's error and hint get, so controls outside a Field can point at them too. */
export const errorId = (controlId: string) => `${controlId}-error`;
export const hintId = (controlId: string) => `${controlId}-hint`;

/** What a Field tells the control it labels: whether it is invalid, and which text describes it. */
const FieldContext = createContext<{ id: string; invalid: boolean; describedBy?: string } | null>(null);

/** aria-invalid and aria-describedby for a control: its own, plus its Field's when the Field labels it. */
export function useFieldAria(id: string | undefined, own: { "aria-invalid"?: InputHTMLAttributes<HTMLElement>["aria-invalid"]; "aria-describedby"?: string }) {
  const field = useContext(FieldContext);
  const mine = field && id && field.id === id ? field : null;
  const describedBy = [own["aria-describedby"], mine?.describedBy].filter(Boolean).join(" ") || undefined;
  return { "aria-invalid": own["aria-invalid"] ?? (mine?.invalid ? true : undefined), "aria-describedby": describedBy };
}

/** A labelled form control with its hint and error; every input gets a visible label. The error marks the control invalid and describes it. */
export function Field({ label, htmlFor, hint, error, children, className }: {
  label: string;
  htmlFor: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  className?: string;
}) {
  const describedBy = error ? errorId(htmlFor) : hint ? hintId(htmlFor) : undefined;
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={htmlFor} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <FieldContext.Provider value={{ id: htmlFor, invalid: Boolean(error), describedBy }}>{children}</FieldContext.Provider>
      {error ? <FieldError id={errorId(htmlFor)}>{error}</FieldError> : hint ? <p id={hintId(htmlFor)} className="text-xs text-zinc-500">{hint}</p> : null}
    </div>
  );
}

/** A field's error in words, under the control whose aria-describedby names `id`. */
export function FieldError({ id, children, className }: { id: string; children: ReactNode; className?: string }) {
  return (
    <p id={id} role="alert" className={cn("text-xs text-red-600 dark:text-red-400", className)}>
      {children}
    </p>
  );
}

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input({ className, ...props }, ref) {
  const aria = useFieldAria(props.id, props);
  return <input ref={ref} className={cn(inputClass, className)} {...props} {...aria} />;
});

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement>>(function Textarea({ className, ...props }, ref) {
  const aria = useFieldAria(props.id, props);
  return <textarea ref={ref} className={cn(inputClass, className)} {...props} {...aria} />;
});

export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement>>(function Select({ className, ...props }, ref) {
  const aria = useFieldAria(props.id, props);
  return <select ref={ref} className={cn(inputClass, className)} {...props} {...aria} />;
});

/** A titled part of a long form. */
export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-4">
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}
