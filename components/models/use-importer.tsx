"use client";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useFocusFirstInvalid } from "@/components/ui/form-errors";
import { ErrorState } from "@/components/ui/states";
import type { ImportResult } from "@/lib/models/import-schema";
import { ApiClientError } from "@/lib/query/fetcher";
import { useImportModels } from "@/lib/query/models";
import { sourceBody, type SourceValues } from "./import-source";

// What both importers (fine-tuning jobs, a server's /v1/models) share: where to list from, which listed rows
// are picked, registering them, and the last import's result.

type ImportItems = Parameters<ReturnType<typeof useImportModels>["mutateAsync"]>[0]["items"];

/** The key a registered model gets: a saved credential, else the key typed in, else none. */
export function secretOf(src: ReturnType<typeof sourceBody>) {
  return src.credentialId ? { credentialId: src.credentialId } : src.apiKey ? { apiKey: src.apiKey } : {};
}

/** `listing` is the mutation that lists rows from the source; its field errors mark the source's fields. */
export function useImporter(listing: { error: unknown }) {
  const [source, setSource] = useState<SourceValues>({ credentialId: "", apiBase: "", apiKey: "" });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<ImportResult>();
  const importer = useImportModels();
  const fieldErrors = listing.error instanceof ApiClientError ? (listing.error.fields ?? {}) : {};
  const sectionRef = useRef<HTMLElement>(null);
  // A refused listing moves focus to the first source field it marked invalid.
  useFocusFirstInvalid(sectionRef, listing.error);

  return {
    source,
    setSource,
    selected,
    result,
    fieldErrors,
    sectionRef,
    importer,
    /** Before listing again: nothing picked, no old result. */
    reset() {
      setSelected(new Set());
      setResult(undefined);
    },
    toggle(id: string) {
      setSelected((s) => {
        const next = new Set(s);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      });
    },
    /** Registers `items` (built from the picked rows), then lists again so the rows show what they became. */
    async register(items: ImportItems, relist: () => void) {
      try {
        setResult(await importer.mutateAsync({ items }));
        setSelected(new Set());
        relist();
      } catch {
        // shown by RegisterSelected from importer.error
      }
    },
  };
}

/** A refused listing: its message beside the marked fields, or the whole error when no field is to blame. */
export function ListingError({ error, fieldErrors }: { error: Error | null; fieldErrors: Record<string, string[]> }) {
  if (!error) return null;
  if (!Object.keys(fieldErrors).length) return <ErrorState error={error} />;
  return (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {error.message}
    </p>
  );
}

export function RegisterSelected({ importer, count, onRegister }: { importer: ReturnType<typeof useImportModels>; count: number; onRegister: () => void }) {
  return (
    <>
      {importer.isError ? <ErrorState error={importer.error} /> : null}
      <Button disabled={!count || importer.isPending} onClick={onRegister}>
        {importer.isPending ? "Registering…" : `Register ${count} selected`}
      </Button>
    </>
  );
}
