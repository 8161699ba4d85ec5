import type { ImportResult } from "@/lib/models/import-schema";

export function ImportResultView({ result }: { result: ImportResult }) {
  return (
    <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm dark:border-emerald-900 dark:bg-emerald-950/50">
      <p className="font-medium">
        Registered {result.created.length} model{result.created.length === 1 ? "" : "s"}
        {result.skipped.length ? `, skipped ${result.skipped.length}` : ""}.
      </p>
      {result.skipped.length ? (
        <ul className="mt-1 list-inside list-disc text-zinc-700 dark:text-zinc-300">
          {result.skipped.map((s) => (
            <li key={s.model + s.name}>
              {s.name}: {s.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
