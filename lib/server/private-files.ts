import fs from "node:fs";
import path from "node:path";

// The data folder holds the SQLite database and the keys that decrypt the secrets in it, so it is
// owner-only whatever the umask. Not marked "server-only": prepare-db and the migrate step use it from plain Node.

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const warned = new Set<string>();

/** chmod, but a file we may not change (owned by another user) is a warning, not a failed start. */
function tighten(target: string, mode: number): void {
  try {
    if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (!warned.has(target)) {
      warned.add(target);
      console.warn(`[tunebench] Could not restrict ${target} to mode ${mode.toString(8)} (${code ?? "error"}); other users may be able to read it.`);
    }
  }
}

/**
 * Creates `dir` and any missing parents owner-only (0700). An existing folder is tightened only with
 * `tightenExisting`: the data folder is ours, but a database path may point into a folder we do not own.
 */
export function ensurePrivateDir(dir: string, opts: { tightenExisting?: boolean } = {}): void {
  const existed = fs.existsSync(dir);
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!existed || opts.tightenExisting) tighten(dir, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to 0600 (a key written before this check, or copied in). */
export function tightenPrivateFile(file: string): void {
  tighten(file, PRIVATE_FILE_MODE);
}

/**
 * Makes a SQLite database file owner-only before SQLite opens it. SQLite would create it with the umask
 * (usually 0644); it gives a new -wal, -shm or -journal file the mode of the database file, so creating
 * the database 0600 keeps those private too. Existing files (an install from before this check) are tightened.
 */
export function preparePrivateSqliteFile(file: string, opts: { tightenDir?: boolean } = {}): void {
  const resolved = path.resolve(file);
  ensurePrivateDir(path.dirname(resolved), { tightenExisting: opts.tightenDir });
  fs.closeSync(fs.openSync(resolved, "a", PRIVATE_FILE_MODE));
  for (const suffix of ["", "-wal", "-shm", "-journal"]) tighten(resolved + suffix, PRIVATE_FILE_MODE);
}
