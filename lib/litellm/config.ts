import { isAlias, isMap, LineCounter, parseDocument, visit, type Document, type Node } from "yaml";
import { z } from "zod";
import { ILL_FORMED_MESSAGE, illFormedPath } from "@/lib/server/well-formed";
import type { ImportIssue } from "./types";

// Reading a LiteLLM config.yaml: YAML syntax and the shape of its sections, with the line of every problem.
// Entries are checked one by one later (lib/litellm/plan.ts), so one bad entry only rejects its own group.

const fallbackList = z.array(z.record(z.string(), z.array(z.string()).or(z.string().transform((s) => [s])))).optional();

export const RouterSettingsSchema = z
  .object({
    routing_strategy: z.string().optional(),
    num_retries: z.number().int().min(0).max(10).optional(),
    /** Seconds. */
    timeout: z.number().positive().max(600).optional(),
    allowed_fails: z.number().int().min(1).max(1000).optional(),
    /** Seconds. */
    cooldown_time: z.number().min(0).max(86_400).optional(),
    /** Per deployment in LiteLLM; Tunebench's maxInFlight. */
    default_max_parallel_requests: z.number().int().min(1).max(100_000).optional(),
    fallbacks: fallbackList,
    context_window_fallbacks: fallbackList,
    content_policy_fallbacks: fallbackList,
  })
  .passthrough();

export const LiteLlmSettingsSchema = z
  .object({ fallbacks: fallbackList, context_window_fallbacks: fallbackList, content_policy_fallbacks: fallbackList })
  .passthrough();

/** Per-group settings LiteLLM keeps globally; written by our export so a round trip keeps them. Ignored by LiteLLM. */
export const TunebenchGroupSchema = z
  .object({
    description: z.string().max(2000).nullish(),
    routing_strategy: z.string().optional(),
    num_retries: z.number().int().min(0).max(10).optional(),
    timeout: z.number().positive().max(600).optional(),
    stream_timeout: z.number().positive().max(600).optional(),
    allowed_fails: z.number().int().min(1).max(1000).optional(),
    cooldown_window: z.number().int().min(1).max(86_400).optional(),
    cooldown_time: z.number().min(0).max(86_400).optional(),
    max_attempts: z.number().int().min(1).max(50).optional(),
    default_max_parallel_requests: z.number().int().min(1).max(100_000).optional(),
    /** Seconds, like the other timeouts. */
    first_byte_timeout: z.number().positive().max(600).optional(),
    deadline: z.number().positive().max(3600).optional(),
  })
  .strict();

export const LiteLlmConfigSchema = z
  .object({
    model_list: z.array(z.unknown()).max(1000, "At most 1,000 model_list entries"),
    router_settings: RouterSettingsSchema.nullish(),
    litellm_settings: LiteLlmSettingsSchema.nullish(),
    tunebench_groups: z.record(z.string(), TunebenchGroupSchema).nullish(),
  })
  .passthrough();

export type LiteLlmConfig = z.output<typeof LiteLlmConfigSchema>;

export type LineOf = (path: ReadonlyArray<string | number>) => number | undefined;

export type ParsedConfig = { ok: true; config: LiteLlmConfig; lineOf: LineOf } | { ok: false; issues: ImportIssue[] };

export const MAX_CONFIG_BYTES = 1_000_000;

/** Alias expansions allowed in one file; a real config needs a handful, an alias bomb ("billion laughs") needs millions. */
export const MAX_ALIAS_COUNT = 100;

const configIssue = (reason: string, line?: number): ImportIssue => ({ kind: "config", name: "config.yaml", reason, line });

/** Aliases that name no anchor, or that point at a node containing them: each would fail (or never end) when expanded. */
function aliasIssues(doc: Document, lineCounter: LineCounter): ImportIssue[] {
  const issues: ImportIssue[] = [];
  // One pass in document order: an alias means the latest anchor of its name before it. (Alias.resolve
  // searches the whole document per alias, which is quadratic on a file of many aliases.)
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node(_key, node, path) {
      if (isAlias(node)) {
        const line = node.range ? lineCounter.linePos(node.range[0]).line : undefined;
        const target = anchors.get(node.source);
        if (!target) issues.push(configIssue(`alias *${node.source} refers to no anchor (an anchor &${node.source} must come before the alias)`, line));
        else if (path.includes(target)) issues.push(configIssue(`alias *${node.source} refers to a node that contains it (a circular reference)`, line));
        return issues.length >= 10 ? visit.BREAK : undefined;
      }
      if (node.anchor) anchors.set(node.anchor, node);
      return undefined;
    },
  });
  return issues;
}

/** YAML text → the config and a path → line lookup; or the problems, each with its line and field. */
export function parseLiteLlmConfig(text: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      issues: doc.errors.slice(0, 10).map((e) => ({ kind: "config", name: "config.yaml", reason: e.message.split("\n")[0], line: e.linePos?.[0].line })),
    };
  }
  const lineOf: LineOf = (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return undefined;
  };
  const aliases = aliasIssues(doc, lineCounter);
  if (aliases.length) return { ok: false, issues: aliases };
  if (!isMap(doc.contents)) {
    return { ok: false, issues: [{ kind: "config", name: "config.yaml", reason: "The file must be a YAML mapping with a model_list", line: lineOf([]) ?? 1 }] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The alias checks above leave one failure: too many expansions (yaml throws a ReferenceError).
    if (!(err instanceof ReferenceError)) throw err;
    return { ok: false, issues: [configIssue(`Too many alias expansions (more than ${MAX_ALIAS_COUNT}): the file looks like an alias bomb`)] };
  }
  // A YAML escape such as "\ud800" gives text no database can store.
  const bad = illFormedPath(value);
  if (bad) return { ok: false, issues: [{ ...configIssue(ILL_FORMED_MESSAGE, lineOf(bad)), field: bad.join(".") || "(root)" }] };
  const parsed = LiteLlmConfigSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.slice(0, 20).map((i) => ({
        kind: "config",
        name: "config.yaml",
        field: i.path.map(String).join(".") || "(root)",
        reason: i.path.length === 1 && i.code === "invalid_type" && i.input === undefined ? `${String(i.path[0])} is required` : i.message,
        line: lineOf(i.path as Array<string | number>),
      })),
    };
  }
  return { ok: true, config: parsed.data, lineOf };
}

/** "os.environ/NAME" → "env:NAME"; anything else unchanged. */
export function toEnvRef(value: string): string {
  const m = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(value.trim());
  return m ? `env:${m[1]}` : value;
}

/** "env:NAME" → "os.environ/NAME". */
export function fromEnvRef(value: string): string {
  return value.startsWith("env:") ? `os.environ/${value.slice(4)}` : value;
}
