"use client";
import { useSearchParams } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid } from "@/components/ui/form-errors";
import { Field, Input } from "@/components/ui/field";
import { ApiClientError, apiFetch } from "@/lib/query/fetcher";

function safeNext(next: string | null): string {
  // Only same-site paths: never redirect to another origin after sign-in.
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/models";
}

export function SignInForm() {
  const params = useSearchParams();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const masterKey = String(new FormData(e.currentTarget).get("masterKey") ?? "");
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch("/api/auth/signin", { body: { masterKey } });
      window.location.assign(safeNext(params.get("next")));
    } catch (err) {
      setError(err instanceof ApiClientError ? err.message : "Could not reach the server.");
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-4">
      <Field label="Master key" htmlFor="masterKey" error={error}>
        <Input id="masterKey" name="masterKey" type="password" autoComplete="current-password" required autoFocus />
      </Field>
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
