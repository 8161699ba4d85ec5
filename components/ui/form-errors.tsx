"use client";
import { useEffect, useState, type RefObject } from "react";

// After a save is refused: move focus to the form's first invalid control, and name every invalid control
// in one summary whose entries jump to them. Controls say they are invalid with aria-invalid (see Field).

interface Invalid {
  id: string;
  label: string;
}

/** A control's name in the summary: data-field-label when its own label is not the field's name, else its label. */
function labelOf(el: HTMLElement): string {
  const named = el.dataset.fieldLabel;
  if (named) return named;
  const labelled = (el as HTMLInputElement).labels?.[0]?.textContent?.trim();
  return labelled || el.getAttribute("aria-label") || el.id;
}

/** Focuses the first invalid control inside `ref` (the first that can take focus); returns them all. */
function focusFirstInvalid(ref: RefObject<HTMLElement | null>): HTMLElement[] {
  const controls = [...(ref.current?.querySelectorAll<HTMLElement>('[aria-invalid="true"]') ?? [])];
  // A disabled control cannot take focus: the first one that can.
  controls.find((el) => {
    el.focus();
    return document.activeElement === el;
  });
  return controls;
}

/**
 * For forms without a summary: each time `errors` becomes a new truthy value (the field errors of a refused
 * save, say), focus moves to the form's first invalid control once it has rendered.
 */
export function useFocusFirstInvalid(ref: RefObject<HTMLElement | null>, errors: unknown) {
  useEffect(() => {
    if (errors) focusFirstInvalid(ref);
  }, [errors, ref]);
}

/**
 * `attempt` goes up by one on every refused save (0: none yet). Each time, the first invalid control in
 * `formRef` takes focus, and the summary lists them all.
 */
export function FormErrorSummary({ formRef, attempt, message }: { formRef: RefObject<HTMLElement | null>; attempt: number; message?: string }) {
  const [invalid, setInvalid] = useState<Invalid[]>([]);
  useEffect(() => {
    if (!attempt) return;
    // Reads the DOM the refused save just rendered (an external system here), so the list matches what is highlighted.
    const named = focusFirstInvalid(formRef).map((el) => ({ id: el.id, label: labelOf(el) }));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the names come from that DOM, once per refused save
    setInvalid(named.filter((f, i) => named.findIndex((g) => g.label === f.label) === i));
  }, [attempt, formRef]);
  if (!attempt || (!invalid.length && !message)) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      {message ? <p>{message}</p> : null}
      {invalid.length ? (
        <>
          <p>{invalid.length === 1 ? "Not saved: fix the highlighted field." : `Not saved: fix the ${invalid.length} highlighted fields.`}</p>
          <ul className="mt-1 list-inside list-disc">
            {invalid.map((f) => (
              <li key={f.id}>
                <a
                  href={`#${f.id}`}
                  className="underline"
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(f.id)?.focus();
                  }}
                >
                  {f.label}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
