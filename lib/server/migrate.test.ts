import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { migrateDeploy } from "./migrate";

it("migrates a SQLite database whose directory does not exist yet (a fresh clone has no data/), owner-only", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tunebench-migrate-"));
  const file = path.join(root, "not", "yet", "app.db");
  try {
    migrateDeploy(`file:${file}`);
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 60_000);
