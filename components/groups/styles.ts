// Shared class names for the groups pages (links styled as buttons; small labels).
export const linkButton = "inline-flex items-center rounded-md px-3.5 py-2 text-sm font-medium";
export const smallLabel = "block text-xs font-medium text-zinc-600 dark:text-zinc-400";
export const panel = "rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900";
