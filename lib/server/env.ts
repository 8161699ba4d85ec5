import path from "node:path";
import { z } from "zod";

// Environment, validated once at the boundary.
const EnvSchema = z.object({
  DATABASE_URL: z.string().min(1).default("file:./data/app.db"),
  DATA_DIR: z.string().min(1).default("./data"),
  MASTER_KEY: z.string().min(8, "MASTER_KEY must be at least 8 characters").optional(),
  ENCRYPTION_KEY: z.string().min(16, "ENCRYPTION_KEY must be at least 16 characters").optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${issues}`);
  }
  return parsed.data;
}

export function dataDir(env: Env = readEnv()): string {
  return path.resolve(env.DATA_DIR);
}
