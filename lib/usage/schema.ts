// The usage and request-log contract, shared by the API and the Usage page.
import { z } from "zod";

export const USAGE_RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 604_800_000, "30d": 2_592_000_000 } as const;
export type UsageRange = keyof typeof USAGE_RANGES;
/** Bucket width per range: about 24–60 points per chart. */
export const BUCKET_MS: Record<UsageRange, number> = { "1h": 60_000 * 2, "24h": 3_600_000, "7d": 6 * 3_600_000, "30d": 86_400_000 };

export const UsageQuerySchema = z
  .object({
    range: z.enum(Object.keys(USAGE_RANGES) as [UsageRange, ...UsageRange[]]).default("24h"),
    by: z.enum(["model", "group"]).default("model"),
    source: z.enum(["gateway", "all"]).default("gateway"),
    keyId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type UsageQuery = z.output<typeof UsageQuerySchema>;

export interface UsageStats {
  requests: number;
  errors: number;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface UsagePoint {
  /** Bucket start, epoch ms. */
  t: number;
  total: UsageStats;
  byName: Record<string, UsageStats>;
}

export interface UsageReport {
  range: UsageRange;
  by: "model" | "group";
  bucketMs: number;
  from: number;
  to: number;
  /** Series names, busiest first. */
  names: string[];
  points: UsagePoint[];
  total: UsageStats;
  summary: Array<UsageStats & { name: string }>;
  /** True when the window held more rows than were read. */
  truncated: boolean;
}

export const RequestListQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    outcome: z.enum(["all", "ok", "error"]).default("all"),
    keyId: z.string().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type RequestListQuery = z.output<typeof RequestListQuerySchema>;

export interface RequestLogEntry {
  id: string;
  createdAt: string;
  source: string;
  /** Shadow calls: the id of the gateway call they mirrored. */
  shadowOf: string | null;
  key: { id: string; name: string; last4: string } | null;
  groupName: string | null;
  modelName: string | null;
  provider: string | null;
  status: number;
  ok: boolean;
  stream: boolean;
  latencyMs: number;
  ttftMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  costUsd: number | null;
  errorKind: string | null;
  attempts: number;
  fallbacks: number;
  /** Only present when the key logs prompts. */
  prompt: string | null;
  response: string | null;
}

export interface RequestLogPage {
  items: RequestLogEntry[];
  total: number;
  page: number;
  pageSize: number;
}
