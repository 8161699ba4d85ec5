// Malformed request bodies and route ids for the fuzz tests, from a seeded random source so a failing case
// can be replayed: the same seed and count give the same cases. Each case starts from a valid example body
// and breaks it in one or a few ways, so the breakage lands deep inside handlers as well as at the door.

export type Random = () => number;

export interface FuzzBody {
  /** What was done to the example, for failure messages. */
  label: string;
  /** The raw request body: not always JSON. */
  text: string;
}

type Path = Array<string | number>;
type Mutation = { label: string; apply: (value: unknown) => unknown };

/** Control characters, bidi overrides, lone surrogates, emoji, CJK, escapes and injection-shaped text. */
export const WEIRD_STRINGS: readonly string[] = [
  "", " ", "\t\n", "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\u007f", "\u001b[31mred\u001b[0m", "x\r\nSet-Cookie: a=1",
  "\u202eevil", "\u200b", "\ufeff", "\ud800", "\udfff", "🚀model", "模型-测试", "テスト", "한국어", "👩‍👩‍👧‍👦", "ｆｕｌｌ", "e\u0301",
  "%ff", "%", "%E0%A4%A", "%00", "../../etc/passwd", "<script>alert(1)</script>", "'; DROP TABLE \"Model\"; --", "${jndi:x}",
  "{{7*7}}", "null", "undefined", "NaN", "Infinity", "-1", "1e400", "true", "[]", "{}", "__proto__", "constructor", "toString",
  "env:", "env:lower", "http://", "https://[::1", "x".repeat(101), "x".repeat(257), "x".repeat(2001), "🚀".repeat(60),
];

const WRONG_TYPES: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 2 ** 31, -(2 ** 31) - 1, "", "x", "0", "true", [], [null], {},
  { a: 1 }, [[[]]], { $gt: "" }, "2024-13-45T99:99:99Z",
];

const EDGE_NUMBERS: readonly unknown[] = [0, -0, -1, 0.5, 1.000001, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 63, 1e21, -1e21, 1e308, -1e308, 5e-324];

/** Text that a JSON value cannot produce: spliced in where a value stands. */
const RAW_VALUES: readonly string[] = ["1e400", "-1e400", "-0", "1E+2", "0.0000000000000000000001", "123456789012345678901234567890", '"\\ud800"', '"\\u0000"'];

const INVALID_JSON: readonly string[] = [
  "", " ", "{", "}", "[", "{\"a\":", "{'a':1}", "{a:1}", "nul", "tru", "undefined", "NaN", "Infinity", "{\"a\":1}}", "[1,]", "{\"a\":1,}",
  "\u0000", "\ufeff{}", "{\"a\":\"\u0000\"}", "\"unterminated", "{\"a\":\"\\x41\"}", "{\"a\":01}", "--1", "{\"a\" 1}", "<xml/>", "a=1&b=2",
];

const TOP_LEVEL: readonly string[] = ["null", "0", "-1", "true", "false", "\"str\"", "[]", "[{}]", "[null]", "1e400", "{}", "\"\"", "[[[]]]"];

const UNKNOWN_KEYS: readonly string[] = [
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "$where", "", " ", "\u0000", "🚀", "模型",
  "id", "version", "createdAt", "secretEnc", "inlineSecretEnc", "keyHash", "k".repeat(300),
];

export interface FuzzerOptions {
  /** 1.1 MB runs without a space; off where a body that large reaches a token counter (see hugeString). */
  unbrokenRuns?: boolean;
}

export class Fuzzer {
  constructor(
    readonly random: Random,
    private readonly opts: FuzzerOptions = {},
  ) {}

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /**
   * A long string of words, multi-byte characters or JSON escapes. Unbroken runs only come past every
   * field's limit (1.1 MB): counting tokens of a long run without spaces is quadratic in js-tiktoken, a
   * known problem that lib/completion bounds separately (issue 14, item 1).
   */
  hugeString(): string {
    if ((this.opts.unbrokenRuns ?? true) && this.chance(0.08)) return this.pick(["A", "模", "\u0000"]).repeat(1_100_000);
    const size = this.pick([20_000, 65_536, 262_144]);
    const unit = this.pick(["a b ", "模型 测试 ", "🚀 ", "\\\" ", "\u0000 ", "word, "]);
    return unit.repeat(Math.ceil(size / unit.length));
  }

  /** Raw JSON text nested `depth` levels deep (built as text: JSON.stringify would overflow the stack). */
  deepText(): string {
    const depth = this.pick([64, 1_000, 5_000, 20_000]);
    return this.chance(0.5) ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
  }

  /** A body derived from `example` (a valid body for the route), broken in one to three ways. */
  body(example: unknown): FuzzBody {
    const r = this.random();
    if (r < 0.07) return { label: "invalid JSON", text: this.pick(INVALID_JSON) };
    if (r < 0.12) return { label: "wrong top-level type", text: this.pick(TOP_LEVEL) };
    if (r < 0.15) return { label: "deep nesting as the body", text: this.deepText() };
    if (r < 0.18) return this.duplicateKeys(example);
    const raws: string[] = [];
    let value = structuredClone(example);
    const labels: string[] = [];
    const times = this.chance(0.15) ? 2 + this.int(2) : 1;
    for (let t = 0; t < times; t++) {
      // A copy between steps: a long array repeats one item, and the next step must change only one of them.
      if (t > 0) value = JSON.parse(JSON.stringify(value) ?? "null");
      const m = this.mutation(value, raws);
      value = m.apply(value);
      labels.push(m.label);
    }
    return { label: labels.join(" + "), text: spliceRaw(JSON.stringify(value) ?? "null", raws) };
  }

  /** A route id: mostly one of `real` (so body checks behind the lookup run), else a malformed one. */
  id(real: readonly string[], pReal = 0.6): string {
    if (real.length && this.chance(pReal)) return this.pick(real);
    return this.pick([
      "%ff", "%", "%E0%A4%A", "%00", "%2e%2e%2f", "a%2Fb", "..", "../../x", "", " ", "\u0000", "x".repeat(65), "x".repeat(5000), "模型-测试",
      "🚀model", "null", "undefined", "__proto__", "constructor", "-1", "1e400", "0x1f", "NaN", "' OR 1=1 --", "\ud800", "cl000000000000000000000000",
    ]);
  }

  /** A numeric route segment ([n], [i]): in range, out of range, or not a number. */
  index(valid: readonly string[]): string {
    if (this.chance(0.4)) return this.pick(valid);
    return this.pick(["-1", "1.5", "1e3", "NaN", "Infinity", "0x1", "", " 1", "١", "%ff", "99999999999999999999", "6", "500", "-0", "0", "abc"]);
  }

  private duplicateKeys(example: unknown): FuzzBody {
    const text = JSON.stringify(example) ?? "{}";
    if (!text.startsWith("{") || text === "{}") return { label: "duplicate keys", text: '{"a":1,"a":{"b":2}}' };
    const key = this.pick(Object.keys(example as object));
    const dup = JSON.stringify(this.pick(WRONG_TYPES));
    return { label: `duplicate key ${key}`, text: this.chance(0.5) ? `{${JSON.stringify(key)}:${dup},${text.slice(1)}` : `${text.slice(0, -1)},${JSON.stringify(key)}:${dup}}` };
  }

  private mutation(value: unknown, raws: string[]): Mutation {
    const paths = pathsOf(value);
    const leaves = paths.filter((p) => p.length > 0);
    const at = (p: Path, v: unknown): Mutation["apply"] => (root) => setAt(root, p, v);
    const raw = (text: string) => {
      raws.push(text);
      return rawMarker(raws.length - 1);
    };
    const pickPath = (filter: (v: unknown) => boolean): Path | undefined => {
      const matches = leaves.filter((p) => filter(getAt(value, p)));
      return matches.length ? this.pick(matches) : leaves.length ? this.pick(leaves) : undefined;
    };
    const r = this.random();
    if (r < 0.24) {
      const p = pickPath(() => true);
      const v = this.pick(WRONG_TYPES);
      if (p) return { label: `wrong type at ${p.join(".")}: ${short(v)}`, apply: at(p, structuredClone(v)) };
    } else if (r < 0.46) {
      const p = pickPath((v) => typeof v === "string");
      const v = this.pick(WEIRD_STRINGS);
      if (p) return { label: `odd string at ${p.join(".")}: ${short(v)}`, apply: at(p, v) };
    } else if (r < 0.56) {
      const p = pickPath((v) => typeof v === "number");
      if (p) {
        if (this.chance(0.4)) {
          const text = this.pick(RAW_VALUES);
          return { label: `raw number at ${p.join(".")}: ${text}`, apply: at(p, raw(text)) };
        }
        const v = this.pick(EDGE_NUMBERS);
        return { label: `edge number at ${p.join(".")}: ${v}`, apply: at(p, v) };
      }
    } else if (r < 0.63) {
      const p = pickPath(() => true);
      if (p) return { label: `missing ${p.join(".")}`, apply: (root) => deleteAt(root, p) };
    } else if (r < 0.73) {
      const objects = paths.filter((p) => isPlainObject(getAt(value, p)));
      const p = objects.length ? this.pick(objects) : [];
      const key = this.pick(UNKNOWN_KEYS);
      const v = key === "__proto__" || key === "constructor" || key === "prototype" ? { polluted: "yes", isAdmin: true } : this.pick(WRONG_TYPES);
      return { label: `extra key ${short(key)} at ${p.join(".") || "(root)"}`, apply: (root) => addKey(root, p, key, structuredClone(v)) };
    } else if (r < 0.77) {
      const p = pickPath((v) => typeof v === "string");
      if (p) return { label: `huge string at ${p.join(".")}`, apply: at(p, this.hugeString()) };
    } else if (r < 0.84) {
      const p = pickPath(() => true);
      if (p) return { label: `deep nesting at ${p.join(".")}`, apply: at(p, raw(this.deepText())) };
    } else if (r < 0.89) {
      const arrays = paths.filter((p) => Array.isArray(getAt(value, p)));
      const p = arrays.length ? this.pick(arrays) : pickPath(() => true);
      if (p) {
        const item = Array.isArray(getAt(value, p)) ? ((getAt(value, p) as unknown[])[0] ?? 1) : 1;
        // Many small items, or a thousand large ones: a long array, not a 50 MB body.
        const n = (JSON.stringify(item) ?? "").length > 40 ? 1_001 : this.pick([1_001, 10_000, 50_000]);
        return { label: `array of ${n} at ${p.join(".")}`, apply: at(p, new Array(n).fill(item)) };
      }
    } else if (r < 0.93) {
      const p = pickPath(() => true);
      if (p) return { label: `unicode key and value at ${p.join(".")}`, apply: at(p, { "🚀": "模型-测试", "\u0000": "\ud800" }) };
    }
    // Nothing of the chosen kind here: replace the whole body with a wrong type.
    const v = this.pick(WRONG_TYPES);
    return { label: `body replaced by ${short(v)}`, apply: () => structuredClone(v) };
  }
}

const rawMarker = (i: number) => `\u0001fuzz-raw-${i}\u0001`;

/** Replaces the markers (now JSON strings) with their raw text. */
function spliceRaw(json: string, raws: string[]): string {
  return raws.reduce((text, r, i) => text.split(JSON.stringify(rawMarker(i))).join(r), json);
}

const short = (v: unknown) => {
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.slice(0, 5).forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], root);
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (!path.length) return value;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
  return root;
}

function deleteAt(root: unknown, path: Path): unknown {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
  else if (isPlainObject(parent)) delete parent[key as string];
  return root;
}

/** An own, enumerable key, "__proto__" included (plain assignment would set the prototype instead). */
function addKey(root: unknown, path: Path, key: string, value: unknown): unknown {
  const target = path.length ? getAt(root, path) : root;
  if (isPlainObject(target)) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return root;
}
