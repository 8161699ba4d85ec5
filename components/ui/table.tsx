"use client";
import { createContext, useContext, type ReactNode, type TdHTMLAttributes, type ThHTMLAttributes } from "react";
import { Button } from "./button";
import { cn } from "./cn";

// One table look per place a table stands: a bordered card on a page ("card"), the evals' sheet with a shaded
// header ("sheet"), and a borderless table inside a panel ("inline"). Columns are given once; cells take their
// padding from the table they are in.

const LOOKS = {
  card: {
    frame: "overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
    head: "border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800",
    body: "",
    row: "border-b border-zinc-100 last:border-0 dark:border-zinc-800",
    header: "",
  },
  sheet: {
    frame: "overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
    head: "bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-800/50",
    body: "divide-y divide-zinc-200 dark:divide-zinc-800",
    row: "",
    header: "font-medium",
  },
  inline: {
    frame: "overflow-x-auto",
    head: "text-xs uppercase tracking-wide text-zinc-500",
    body: "",
    row: "border-t border-zinc-100 dark:border-zinc-800",
    header: "",
  },
} as const;

type Look = keyof typeof LOOKS;

/** Cell padding: roomy cards, denser sheets (and cards with many columns), and inline tables padded on the right only. */
function padding(look: Look, dense: boolean, header: boolean): string {
  if (look === "inline") return header ? "py-1 pr-3 last:pr-0" : "py-1.5 pr-3 last:pr-0";
  return look === "sheet" || dense ? "px-3 py-2" : "px-4 py-2";
}

const TableContext = createContext<{ look: Look; dense: boolean }>({ look: "card", dense: false });

/** A column: its header (visually hidden with `srOnly`, e.g. "Actions"), and right-aligned for figures. */
export interface Column {
  header: ReactNode;
  align?: "right";
  srOnly?: boolean;
  className?: string;
}

export function Table({
  columns,
  children,
  look = "card",
  dense = false,
  caption,
  label,
  className,
  bodyClassName,
  footer,
}: {
  /** A string is a plain header; `false`/`null` leaves a conditional column out. */
  columns: Array<string | Column | false | null | undefined>;
  /** The rows (`<Tr>`), rendered in the table body. */
  children: ReactNode;
  look?: Look;
  dense?: boolean;
  /** The table's name, as a visually hidden caption. */
  caption?: string;
  /** The table's name, as aria-label. */
  label?: string;
  className?: string;
  bodyClassName?: string;
  /** Below the table, inside its frame (a count, a pager). */
  footer?: ReactNode;
}) {
  const l = LOOKS[look];
  const cols = columns.filter((c): c is string | Column => Boolean(c)).map((c) => (typeof c === "string" ? { header: c } : c));
  const pad = padding(look, dense, true);
  return (
    <TableContext.Provider value={{ look, dense }}>
      <div className={l.frame}>
        <table className={cn("w-full text-left", className ?? "text-sm")} aria-label={label}>
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <thead className={l.head}>
            <tr>
              {cols.map((c, i) => (
                <th key={i} scope="col" className={cn(pad, l.header, c.align === "right" && "text-right", c.className)}>
                  {c.srOnly ? <span className="sr-only">{c.header}</span> : c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className={cn(l.body, bodyClassName) || undefined}>{children}</tbody>
        </table>
        {footer}
      </div>
    </TableContext.Provider>
  );
}

export function Tr({ className, children }: { className?: string; children: ReactNode }) {
  const { look } = useContext(TableContext);
  return <tr className={cn(LOOKS[look].row, className) || undefined}>{children}</tr>;
}

type Align = { align?: "right" };

export function Td({ className, align, ...props }: TdHTMLAttributes<HTMLTableCellElement> & Align) {
  const { look, dense } = useContext(TableContext);
  return <td className={cn(padding(look, dense, false), align === "right" && "text-right tabular-nums", className)} {...props} />;
}

/** A row's header cell (the name the row is about), read out with each of its cells. */
export function RowHeader({ className, align, ...props }: ThHTMLAttributes<HTMLTableCellElement> & Align) {
  const { look, dense } = useContext(TableContext);
  return <th scope="row" className={cn(padding(look, dense, false), "text-left", align === "right" && "text-right", className)} {...props} />;
}

/** Previous/next under a paged table; a button at either end is disabled (and looks it). */
export function TablePager({ label, summary, page, pages, onPage, previous = "Previous", next = "Next", inert }: {
  label: string;
  summary: ReactNode;
  page: number;
  pages: number;
  onPage: (page: number) => void;
  previous?: string;
  next?: string;
  /** Server-rendered and not hydrated yet: the buttons say they do nothing (aria-disabled) until they can. */
  inert?: boolean;
}) {
  return (
    <nav aria-label={label} className="flex items-center justify-between gap-2 border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800">
      <span>{summary}</span>
      <span className="flex gap-2">
        <Button variant="secondary" size="sm" aria-disabled={inert} disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {previous}
        </Button>
        <Button variant="secondary" size="sm" aria-disabled={inert} disabled={page >= pages} onClick={() => onPage(page + 1)}>
          {next}
        </Button>
      </span>
    </nav>
  );
}

/** The line under a table that says how many rows there are. */
export function TableCount({ children }: { children: ReactNode }) {
  return <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800">{children}</p>;
}
