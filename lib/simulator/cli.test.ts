// scripts/simulator.ts as a user runs it: starts, prints its URL, serves, exits cleanly on SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

describe("npm run simulator", () => {
  it("listens on the requested port, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/simulator.ts", "--port", "0", "--latency-ms", "5"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (data: Buffer) => {
          out += data.toString();
          const match = /Simulator listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.on("exit", () => reject(new Error(`exited early: ${out}`)));
      });
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ ok: true });
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("refuses a bad flag", async () => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/simulator.ts", "--tps", "fast"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--tps");
  });
});
