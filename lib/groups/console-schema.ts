import { z } from "zod";
import type { RouteTrace } from "@/lib/completion/router/trace";

// Contracts of the group editor's test panel and live health view (POST /api/groups/{id}/test,
// GET /api/groups/{id}/health), shared by the routes and the browser.

export const GroupTestBodySchema = z
  .object({
    prompt: z.string().trim().min(1, "Write a prompt to send").max(20_000, "At most 20,000 characters"),
    /** Several at once shows how the load spreads over the members. */
    count: z.number().int("A whole number").min(1, "At least 1").max(20, "At most 20 at once").default(1),
    maxTokens: z.number().int().min(1).max(4096).default(128),
  })
  .strict();
export type GroupTestInput = z.input<typeof GroupTestBodySchema>;

export interface GroupTestCall {
  ok: boolean;
  answer: string | null;
  error: { kind: string; message: string; status: number } | null;
  trace: RouteTrace;
}

export interface GroupTestResult {
  group: string;
  calls: GroupTestCall[];
  /** Calls served per member name ("(failed)" for calls no member answered). */
  servedBy: Record<string, number>;
}

/** One member as this process's router sees it (in flight, cooldown, recent failures). */
export interface MemberRouterState {
  modelId: string;
  modelName: string;
  enabled: boolean;
  /** Attempts in flight on every instance. */
  inFlight: number;
  /** With REDIS_URL (several instances): attempts in flight per instance; null on one instance. */
  instances: Array<{ instance: string; inFlight: number }> | null;
  /** With REDIS_URL: the instance whose failure opened the current cooldown. */
  openedBy: string | null;
  coolingDown: boolean;
  cooldownRemainingSeconds: number;
  /** The cooldown is over and the member is being re-tested: one trial request, full traffic once it answers. */
  recovering: boolean;
  recentFailures: number;
  lastErrorKind: string | null;
}

export interface MemberHealthView extends MemberRouterState {
  /**
   * From the request log over `windowMinutes`: calls through this group that this member served or was the last
   * one tried (not health checks, and not the member's traffic from other groups or direct calls).
   */
  requests: number;
  successRate: number | null;
  p50Ms: number | null;
  /** The latest background or "Check now" health check of this member's model, at any time. */
  lastCheck: { ok: boolean; at: string; latencyMs: number; errorKind: string | null } | null;
}

export interface GroupHealthView {
  groupId: string;
  name: string;
  windowMinutes: number;
  at: string;
  members: MemberHealthView[];
}
