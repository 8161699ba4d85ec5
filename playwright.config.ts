import fs from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const BASE_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_MASTER_KEY = "sk-e2e-master-key-0001";

// Every spec file gets its own `next start` on its own port with its own fresh, migrated, seeded database,
// so no spec sees another's models, groups or router cooldowns.
const SPECS = fs
  .readdirSync(path.join(__dirname, "e2e"))
  .filter((f) => f.endsWith(".spec.ts"))
  .sort();
const servers = SPECS.map((file, i) => ({ file, name: file.replace(/\.spec\.ts$/, ""), port: BASE_PORT + i }));
/** Spec files named on the command line: only their servers are started (all of them when none is named). */
const named = new Set(process.argv.map((a) => path.basename(a)).filter((a) => a.endsWith(".spec.ts")));
/** Specs that start their own instances (two servers on PostgreSQL and Redis) and need no suite server. */
const SELF_HOSTED = new Set(["scale-out.spec.ts"]);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 45_000,
  expect: { timeout: 10_000 },
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: servers.map((srv) => ({
    name: srv.name,
    testMatch: srv.file,
    use: { ...devices["Desktop Chrome"], baseURL: `http://localhost:${srv.port}` },
  })),
  webServer: servers.filter((srv) => !SELF_HOSTED.has(srv.file) && (named.size === 0 || named.has(srv.file))).map((srv) => ({
    command: `bash scripts/e2e-server.sh ${srv.port}`,
    url: `http://localhost:${srv.port}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    env: { MASTER_KEY: E2E_MASTER_KEY, NEXT_TELEMETRY_DISABLED: "1" },
  })),
});
