// Deterministic answers: a hash of (model, messages, seed) drives every choice, and the text echoes key
// words of the last user message. Fine-tuned ids answer in a terser, domain-tuned style than base ids.
import { createHash } from "node:crypto";
import * as corpus from "./corpus";

export type AnswerStyle = "base" | "tuned" | "support" | "sql";

export interface AnswerMessage {
  role: string;
  content: string;
}

export interface AnswerInput {
  model: string;
  messages: readonly AnswerMessage[];
  seed?: number | null;
}

export interface Answer {
  text: string;
  style: AnswerStyle;
  topic: string;
  keywords: string[];
  random: () => number;
}

const FINE_TUNED_ID = /ft:|ft-|:ft|lora/i;

export function isFineTunedModel(model: string): boolean {
  return FINE_TUNED_ID.test(model);
}

export function styleForModel(model: string): AnswerStyle {
  if (!isFineTunedModel(model)) return "base";
  const id = model.toLowerCase();
  if (id.includes("sql")) return "sql";
  if (id.includes("support")) return "support";
  return "tuned";
}

/** mulberry32 seeded from a SHA-256 of the inputs: cheap, and the same inputs give the same stream. */
export function seededRandom(...parts: string[]): () => number {
  let state = createHash("sha256").update(parts.join("\u0000")).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

/** `count` distinct items in random order. */
function pickDistinct<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return out;
}

/** Longer "words" are no keywords, and trimming one with a regex would take time quadratic in its length. */
const MAX_KEYWORD_CHARS = 64;

export function extractKeywords(text: string, limit = 4): string[] {
  const words = text.toLowerCase().match(/\p{L}[\p{L}\p{N}_'-]*/gu) ?? [];
  const out: string[] = [];
  for (const word of words) {
    if (word.length > MAX_KEYWORD_CHARS) continue;
    const clean = word.replace(/['-]+$/, "");
    if (clean.length < 4 || corpus.STOPWORDS.has(clean) || out.includes(clean)) continue;
    out.push(clean);
    if (out.length === limit) break;
  }
  return out;
}

function fill(template: string, topic: string, kw: string): string {
  const text = template.replaceAll("{topic}", topic).replaceAll("{kw}", kw);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function identifier(word: string | undefined, fallback: string): string {
  const id = (word ?? "").normalize("NFKD").replace(/[^a-z0-9_]/g, "");
  return id.length > 0 ? id : fallback;
}

function compose(style: AnswerStyle, topic: string, keywords: string[], random: () => number): string {
  const kw = (i: number) => keywords[i % keywords.length];
  switch (style) {
    case "base": {
      const body = pickDistinct(corpus.BASE_BODY, 3 + Math.floor(random() * 2), random);
      return [
        fill(pick(corpus.BASE_OPENERS, random), topic, kw(0)),
        ...body.map((sentence, i) => fill(sentence, topic, kw(i))),
        pick(corpus.BASE_CLOSERS, random),
      ].join(" ");
    }
    case "tuned": {
      const points = pickDistinct(corpus.TUNED_POINTS, 2 + Math.floor(random() * 2), random);
      return [
        fill(pick(corpus.TUNED_HEADLINES, random), topic, kw(0)),
        ...points.map((point, i) => `- ${fill(point, topic, kw(i))}`),
        pick(corpus.TUNED_FOOTERS, random),
      ].join("\n");
    }
    case "support": {
      const steps = pickDistinct(corpus.SUPPORT_STEPS, 2, random);
      return [
        fill(pick(corpus.SUPPORT_OPENERS, random), topic, kw(0)),
        ...steps.map((step, i) => `${i + 1}. ${fill(step, topic, kw(i))}`),
        pick(corpus.SUPPORT_CLOSERS, random),
      ].join("\n");
    }
    case "sql": {
      const nouns = keywords.filter((k) => !corpus.SQL_VERBS_IN_PROMPTS.has(k));
      const table = identifier(nouns[0], "events");
      const column = identifier(nouns[1], "category");
      const aggregate = pick(corpus.SQL_VERBS, random);
      const days = 7 * (1 + Math.floor(random() * 4));
      const limit = 5 * (1 + Math.floor(random() * 4));
      return [
        "```sql",
        `SELECT ${column}, ${aggregate} AS total`,
        `FROM ${table}`,
        `WHERE created_at >= NOW() - INTERVAL '${days} days'`,
        `GROUP BY ${column}`,
        "ORDER BY total DESC",
        `LIMIT ${limit};`,
        "```",
        `Top ${limit} ${column} values by ${aggregate} over ${days} days.`,
      ].join("\n");
    }
    default: {
      const unreachable: never = style;
      throw new Error(`unknown style ${String(unreachable)}`);
    }
  }
}

export function composeAnswer(input: AnswerInput): Answer {
  const random = seededRandom(
    input.model,
    String(input.seed ?? "none"),
    ...input.messages.map((m) => `${m.role}:${m.content}`),
  );
  const lastUser = [...input.messages].reverse().find((m) => m.role === "user") ?? input.messages[input.messages.length - 1];
  const found = extractKeywords(lastUser?.content ?? "");
  const keywords = found.length > 0 ? found : ["this request"];
  const topic = keywords.slice(0, 2).join(" and ");
  const style = styleForModel(input.model);
  return { text: compose(style, topic, keywords, random), style, topic, keywords, random };
}

/** A value shaped by a JSON schema (types, properties, enums, arrays), filled from the answer's words. */
export function valueFromSchema(schema: unknown, answer: Answer, depth = 0): unknown {
  const s = (typeof schema === "object" && schema !== null ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return pick(s.enum, answer.random);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "string":
      return pick(answer.keywords, answer.random);
    case "integer":
      return Math.floor(answer.random() * 100);
    case "number":
      return Math.round(answer.random() * 1000) / 100;
    case "boolean":
      return answer.random() < 0.5;
    case "array":
      return depth > 4 ? [] : [valueFromSchema(s.items, answer, depth + 1)];
    case "object":
    default: {
      const properties = (typeof s.properties === "object" && s.properties !== null ? s.properties : null) as Record<string, unknown> | null;
      if (!properties || depth > 4) return type === "object" ? {} : answer.text;
      return Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, valueFromSchema(sub, answer, depth + 1)]));
    }
  }
}

export function jsonAnswer(answer: Answer, schema?: Record<string, unknown>): string {
  if (schema) return JSON.stringify(valueFromSchema(schema, answer));
  return JSON.stringify({ answer: answer.text, topic: answer.topic, keywords: answer.keywords });
}
