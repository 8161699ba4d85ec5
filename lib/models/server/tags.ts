// Tags are stored comma-delimited with leading/trailing commas (",prod,support,") so a tag filter is one LIKE.

export function encodeTags(tags: string[]): string {
  const unique = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  return unique.length ? `,${unique.join(",")},` : "";
}

export function decodeTags(stored: string): string[] {
  return stored.split(",").filter(Boolean);
}
