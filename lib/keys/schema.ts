// The virtual-key contract, shared by the API (server validation) and the create form.
import { z } from "zod";

export const KEY_PREFIX = "tb-";

export const KeyNameSchema = z.string().trim().min(1, "Name is required").max(100, "At most 100 characters");

export const KeyCreateSchema = z
  .object({
    name: KeyNameSchema,
    /** Group or model names this key may call; null or absent = all. */
    allowed: z
      .array(z.string().trim().min(1).max(200))
      .max(50, "At most 50 names")
      .nullable()
      .optional()
      .transform((v) => (v && v.length ? [...new Set(v)] : null)),
    expiresAt: z.iso
      .datetime({ offset: true, message: "Expiry must be an ISO date-time" })
      .nullable()
      .optional()
      .refine((v) => !v || Date.parse(v) > Date.now(), "Expiry must be in the future")
      .transform((v) => (v ? new Date(v) : null)),
    logPrompts: z.boolean().default(false),
  })
  .strict();

export type KeyCreateInput = z.input<typeof KeyCreateSchema>;
export type KeyCreateParsed = z.output<typeof KeyCreateSchema>;

export type KeyStatus = "active" | "revoked" | "expired";

/** What the API may show about a key: never its hash, only the last 4 characters. */
export interface PublicApiKey {
  id: string;
  name: string;
  last4: string;
  allowed: string[] | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  logPrompts: boolean;
  createdAt: string;
  status: KeyStatus;
}

/** Returned once, at creation: the only time the secret leaves the server. */
export interface CreatedApiKey extends PublicApiKey {
  key: string;
}

export const KeyListQuerySchema = z
  .object({
    status: z.enum(["all", "active", "revoked", "expired"]).default("all"),
  })
  .strict();
