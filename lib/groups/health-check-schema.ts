import { z } from "zod";
import { MAX_INT32 } from "@/lib/models/schema";

// Background health checks (Settings → Health checks, and "Check now" in a group's health panel):
// a one-token request to every model that is an enabled member of a routing group. The contracts of
// GET/PUT /api/health-checks and POST /api/health-checks/run, shared by the routes and the browser.

export const HealthCheckSettingsSchema = z
  .object({
    enabled: z.boolean({ error: "On or off" }),
    intervalSeconds: z
      .number({ error: "A number of seconds" })
      .int("A whole number of seconds")
      .min(10, "At least 10 seconds")
      .max(86_400, "At most one day (86,400 seconds)"),
  })
  .strict();
export type HealthCheckSettings = z.infer<typeof HealthCheckSettingsSchema>;

/** `version` is what the form loaded (0 before the settings were ever saved): a stale save gets 409. */
export const HealthCheckSettingsUpdateSchema = HealthCheckSettingsSchema.extend({ version: z.number().int().min(0).max(MAX_INT32) }).strict();
export type HealthCheckSettingsUpdate = z.infer<typeof HealthCheckSettingsUpdateSchema>;

export interface HealthCheckSettingsView extends HealthCheckSettings {
  version: number;
  /** When the latest check (scheduled or "Check now") was written, from the request log. */
  lastCheckAt: string | null;
  /** How many models a run checks now. */
  models: number;
}

export const HealthCheckRunBodySchema = z
  .object({
    /** Only this group's members; all groups' members when absent. */
    groupId: z.string().min(1).max(64).optional(),
  })
  .strict();

export interface HealthCheckResult {
  modelId: string;
  modelName: string;
  ok: boolean;
  status: number;
  latencyMs: number;
  errorKind: string | null;
  message: string | null;
  at: string;
}

export interface HealthCheckRun {
  at: string;
  results: HealthCheckResult[];
}
