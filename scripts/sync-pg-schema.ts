// npm run db:sync-pg — keeps PostgreSQL in step with the SQLite schema (the source of truth):
// writes prisma/postgres/schema.prisma (same models, PostgreSQL datasource, its own client) and, when
// the PostgreSQL migrations lag behind it, writes the missing migration under the newest SQLite
// migration's name. A unit test fails when either is stale.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
export const SQLITE_SCHEMA = path.join(root, "prisma/schema.prisma");
export const PG_SCHEMA = path.join(root, "prisma/postgres/schema.prisma");
export const PG_MIGRATIONS = path.join(root, "prisma/postgres/migrations");
export const PG_DEV_URL = process.env.PG_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export function pgSchemaFrom(sqlite: string): string {
  const out = sqlite
    .replace('output          = "../lib/generated/prisma"', 'output          = "../../lib/generated/prisma-pg"')
    .replace(/datasource db \{[^}]*\}/, 'datasource db {\n  provider = "postgresql"\n  url      = env("PG_DATABASE_URL")\n}');
  if (out === sqlite || !out.includes("prisma-pg") || !out.includes('"postgresql"')) {
    throw new Error("prisma/schema.prisma no longer has the expected generator/datasource blocks");
  }
  return `// GENERATED from prisma/schema.prisma by scripts/sync-pg-schema.ts — edit that file, then run npm run db:sync-pg.\n${out}`;
}

function newestSqliteMigration(): string {
  const dirs = fs.readdirSync(path.join(root, "prisma/migrations")).filter((d) => /^\d{14}_/.test(d)).sort();
  return dirs[dirs.length - 1];
}

async function main() {
  const { prismaCli } = await import("@/lib/server/migrate");
  fs.writeFileSync(PG_SCHEMA, pgSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  console.info(`Wrote ${path.relative(root, PG_SCHEMA)}`);
  const sql = prismaCli(PG_DEV_URL, ["migrate", "diff", "--from-migrations", PG_MIGRATIONS, "--to-schema-datamodel", PG_SCHEMA, "--script"], root);
  if (!/^(CREATE|ALTER|DROP)/m.test(sql)) {
    console.info("PostgreSQL migrations are up to date.");
    return;
  }
  const dir = path.join(PG_MIGRATIONS, newestSqliteMigration());
  if (fs.existsSync(path.join(dir, "migration.sql"))) throw new Error(`${dir} exists already but the schema still differs`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  console.info(`Wrote ${path.relative(root, dir)}/migration.sql`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
