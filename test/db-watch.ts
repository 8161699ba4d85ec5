import crypto from "node:crypto";
import Database from "better-sqlite3";

// Watches a SQLite file from a second, read-only connection, to prove that a request changed no rows.
// PRAGMA data_version changes whenever another connection commits, so a request that wrote nothing is
// confirmed with one cheap query; only then is a full snapshot (row counts plus a hash of every row) taken.

export interface DbSnapshot {
  counts: Record<string, number>;
  hashes: Record<string, string>;
}

export class DbWatch {
  private readonly conn: Database.Database;
  private readonly tables: string[];
  private readonly dataVersion: Database.Statement;
  private readonly statements = new Map<string, Database.Statement>();

  private readonly selects = new Map<string, string>();

  /** `ignore`: tables left out; `ignoreColumns`: columns left out of a table's hash (e.g. a last-used time). */
  constructor(file: string, opts: { ignore?: string[]; ignoreColumns?: Record<string, string[]> } = {}) {
    this.conn = new Database(file, { readonly: true, fileMustExist: true });
    const ignore = new Set(["_prisma_migrations", ...(opts.ignore ?? [])]);
    this.tables = (this.conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]).filter((t) => !ignore.has(t));
    for (const t of this.tables) {
      const skip = new Set(opts.ignoreColumns?.[t] ?? []);
      const cols = (this.conn.prepare(`SELECT name FROM pragma_table_info('${t}')`).pluck().all() as string[]).filter((c) => !skip.has(c));
      this.selects.set(t, `SELECT ${cols.map((c) => `"${c}"`).join(", ")} FROM "${t}" ORDER BY rowid`);
    }
    this.dataVersion = this.conn.prepare("PRAGMA data_version").pluck();
  }

  private statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.conn.prepare(sql)));
    return stmt;
  }

  /** Changes whenever another connection has committed since the last call. */
  version(): number {
    return this.dataVersion.get() as number;
  }

  snapshot(): DbSnapshot {
    const counts: Record<string, number> = {};
    const hashes: Record<string, string> = {};
    for (const t of this.tables) {
      const rows = this.statement(this.selects.get(t)!).raw().all();
      counts[t] = rows.length;
      hashes[t] = crypto.createHash("sha256").update(JSON.stringify(rows)).digest("base64url");
    }
    return { counts, hashes };
  }

  /** Tables whose rows differ between two snapshots, with their counts. */
  static diff(a: DbSnapshot, b: DbSnapshot): string[] {
    return Object.keys({ ...a.hashes, ...b.hashes })
      .filter((t) => a.hashes[t] !== b.hashes[t])
      .map((t) => `${t} (${a.counts[t] ?? 0} → ${b.counts[t] ?? 0} rows)`);
  }

  /** Ids of a table's rows, for route params that should name something real. */
  ids(table: string, limit = 50): string[] {
    return this.statement(`SELECT id FROM "${table}" ORDER BY rowid LIMIT ?`).pluck().all(limit) as string[];
  }

  close(): void {
    this.conn.close();
  }
}
