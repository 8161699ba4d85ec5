process.env.DATABASE_URL ??= "file:./data/app.db";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// better-sqlite3 runs one statement per executeRaw; `migrate dev` replays whole
// migration scripts into the shadow database, so route those through executeScript.
class SqliteMigrationAdapter extends PrismaBetterSQLite3 {
  async connectToShadowDb() {
    const shadow = await super.connectToShadowDb();
    const executeRaw = shadow.executeRaw.bind(shadow);
    shadow.executeRaw = async (q) =>
      q.args.length === 0 && q.sql.includes(";") ? (await shadow.executeScript(q.sql), 0) : executeRaw(q);
    return shadow;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new SqliteMigrationAdapter({ url: process.env.DATABASE_URL ?? "file:./data/app.db" });
  },
});
