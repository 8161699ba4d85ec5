import { ApiClientError } from "@/lib/query/fetcher";

interface Issue {
  line: number;
  field: string;
  message: string;
}

/**
 * A refused dataset file: the rows at fault by line and field (nothing was written), or the error's message when
 * the problem is not in a row.
 */
export function RowIssues({ error, refused }: { error: Error; refused: string }) {
  const issues = error instanceof ApiClientError ? ((error.details?.issues as Issue[] | undefined) ?? []) : [];
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <p>{issues.length ? `${refused}: fix these rows and try again.` : error.message}</p>
      {issues.length ? (
        <ul className="mt-1 list-disc pl-5">
          {issues.map((i, n) => (
            <li key={n}>
              Line {i.line}, {i.field}: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
