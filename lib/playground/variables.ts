// `{{name}}` placeholders in prompts: find them, fill them from a form, report what is missing.

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** Variable names in order of first appearance across the texts. */
export function extractVariables(...texts: string[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(PLACEHOLDER)) seen.add(m[1]);
  return [...seen];
}

/** Replace every known placeholder; unknown ones stay as written so the user sees them. */
export function fillVariables(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(values, name) ? values[name] : whole));
}

export function missingVariables(texts: string[], values: Record<string, string>): string[] {
  return extractVariables(...texts).filter((name) => !Object.hasOwn(values, name) || values[name] === "");
}
