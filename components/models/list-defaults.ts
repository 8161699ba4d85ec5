// The models list's first view, shared by the page (which reads it on the server) and the list (which
// uses that page as its first data). Plain values, so a server component can import them.

export const MODEL_PAGE_SIZE = 25;
export const DEFAULT_MODEL_SORT = { sort: "name", order: "asc" } as const;
