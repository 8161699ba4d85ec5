import "server-only";
import { readEnv } from "./env";
import { getMasterKey } from "./secrets";

/** Describes the configuration without revealing any secret. */
export function describeInstance() {
  const env = readEnv();
  const master = getMasterKey();
  const db = env.DATABASE_URL.startsWith("postgres")
    ? `PostgreSQL (${new URL(env.DATABASE_URL).host})`
    : `SQLite (${env.DATABASE_URL.replace(/^file:/, "")})`;
  return {
    database: db,
    masterKey: master.source === "env" ? "From MASTER_KEY" : `Generated, stored in ${master.file} (mode 600)`,
    encryption: env.ENCRYPTION_KEY ? "AES-256-GCM, key from ENCRYPTION_KEY" : "AES-256-GCM, key generated in the data directory",
    simulator: process.env.SIMULATOR_URL ? `Running at ${process.env.SIMULATOR_URL}` : "Not running",
  };
}
