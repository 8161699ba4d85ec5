import fs from "node:fs";
import path from "node:path";
import { migrateDeploy } from "@/lib/server/migrate";

// One migrated template database per test run; each test file copies it (cheap) instead of migrating.
// Each run gets its own directory, so concurrent runs in one working tree never delete each other's files.
export const TEMPLATE_DIR = path.resolve(__dirname, "../../data/test");

export default function setup() {
  const runDir = path.join(TEMPLATE_DIR, `run-${process.pid}`);
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  migrateDeploy(`file:${path.join(runDir, "template.db")}`);
  process.env.TUNEBENCH_TEST_DIR = runDir;
  return () => fs.rmSync(runDir, { recursive: true, force: true });
}
