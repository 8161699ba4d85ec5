// Prisma CLI config for PostgreSQL (`--config prisma.pg.config.ts`). The schema engine runs as
// WebAssembly through adapter-pg, with two repairs verified on this machine (see ../shared/OFFLINE.md):
// pg_catalog's name/"char" columns read as text, and a real, separate shadow database for `migrate dev`.
process.env.PG_DATABASE_URL ??= process.env.DATABASE_URL?.startsWith("postgres")
  ? process.env.DATABASE_URL
  : "postgresql://postgres@127.0.0.1:5432/test";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import type { PoolConfig } from "pg";

function asText<T extends object>(conn: T): T {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const c = conn as any;
  const io = c.performIO.bind(c);
  c.performIO = async (...args: unknown[]) => {
    const r = await io(...args);
    for (const f of r.fields ?? []) if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25;
    return r;
  };
  const start = c.startTransaction?.bind(c);
  if (start) c.startTransaction = async (...a: unknown[]) => asText(await start(...a));
  return conn;
}

class PgMigrationAdapter extends PrismaPg {
  constructor(private readonly fields: PoolConfig) {
    super(fields);
  }
  async connect() {
    return asText(await super.connect());
  }
  async connectToShadowDb() {
    const admin = await super.connect();
    const database = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
    await admin.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = asText(await new PrismaPg({ ...this.fields, database }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.dispose();
    };
    return shadow;
  }
}

const u = new URL(process.env.PG_DATABASE_URL);
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/postgres/schema.prisma",
  migrations: { path: "prisma/postgres/migrations" },
  async adapter() {
    return new PgMigrationAdapter({
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
    });
  },
});
