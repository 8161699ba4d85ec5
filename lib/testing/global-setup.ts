import fs from "node:fs";
import path from "node:path";
import { migrateDeploy } from "../server/migrate";

// One migrated template database per test run; each test file copies it (cheap) instead of migrating.
export const TEMPLATE_DIR = path.resolve(__dirname, "../../data/test");

export default function setup() {
  fs.rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
  migrateDeploy(`file:${path.join(TEMPLATE_DIR, "template.db")}`);
}
