// Zod issues → { "members.0.weight": ["…"] }, the shape the API's error envelope uses for `fields`.
export function zodFieldErrors(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>, root = "body"): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : root;
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
