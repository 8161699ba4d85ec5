import { z } from "zod";
import { PROVIDER_IDS } from "./providers";
import { ApiBaseSchema, ENV_REF, MAX_INT32 } from "./schema";

// Named, reusable provider secrets. The secret is write-only: the API shows its last 4 characters.

const name = z.string().trim().min(1, "Name is required").max(100);
/** An API key, a service-account JSON, or "env:NAME". */
const apiKey = z
  .string()
  .trim()
  .min(1, "The key is required (or an environment reference such as env:OPENAI_API_KEY)")
  .max(20_000)
  .refine((v) => !v.startsWith("env:") || ENV_REF.test(v), "An environment reference looks like env:OPENAI_API_KEY");

export const CredentialCreateSchema = z.strictObject({
  name,
  provider: z.enum(PROVIDER_IDS, { message: `Provider must be one of ${PROVIDER_IDS.join(", ")}` }),
  apiKey,
  apiBase: ApiBaseSchema.transform((v) => v ?? null),
});

export type CredentialCreateInput = z.input<typeof CredentialCreateSchema>;

/**
 * Rename, point at another API base, or rotate the key (every model using the credential calls with the new
 * key at once). Only the fields sent change; `apiKey` is never echoed back. `version` is the one loaded.
 */
export const CredentialUpdateSchema = z.strictObject({
  version: z.number().int().min(1).max(MAX_INT32),
  name: name.optional(),
  apiKey: apiKey.optional(),
  apiBase: ApiBaseSchema,
});

export type CredentialUpdateInput = z.input<typeof CredentialUpdateSchema>;

export interface PublicCredential {
  id: string;
  name: string;
  provider: string;
  apiBase: string | null;
  secret: { source: "inline" | "env"; last4: string | null; envRef: string | null };
  /** Set when this instance's ENCRYPTION_KEY cannot decrypt the stored secret (saved by an instance with another key). */
  secretError: string | null;
  modelCount: number;
  version: number;
  createdAt: string;
}
