// JSON may carry an unpaired UTF-16 surrogate ("\ud800"); no UTF-8 text, and so no database column or
// upstream request, can hold one (Prisma's engine fails on it with an opaque error). Input is checked for
// them at the boundary so the caller gets a 400 naming the field.

export type JsonPath = Array<string | number>;

export const ILL_FORMED_MESSAGE = "Must be valid Unicode text: it contains an unpaired surrogate (such as \\ud800)";

interface Frame {
  value: unknown;
  key: string | number | undefined;
  parent: Frame | undefined;
}

const pathOf = (f: Frame | undefined): JsonPath => {
  const out: JsonPath = [];
  for (let at = f; at && at.key !== undefined; at = at.parent) out.unshift(at.key);
  return out;
};

/**
 * The path of the first string or object key in `value` that is not well-formed UTF-16; undefined when
 * there is none. Iterative, with parent links instead of copied paths: a body may nest 20,000 levels deep.
 */
export function illFormedPath(value: unknown): JsonPath | undefined {
  const stack: Frame[] = [{ value, key: undefined, parent: undefined }];
  while (stack.length) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === "string") {
      if (!v.isWellFormed()) return pathOf(frame);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: frame });
    } else if (typeof v === "object" && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        if (!k.isWellFormed()) return [...pathOf(frame), k];
        stack.push({ value: child, key: k, parent: frame });
      }
    }
  }
  return undefined;
}
