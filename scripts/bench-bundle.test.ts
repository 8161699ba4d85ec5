// The page-weight measure on a small build laid out as `next build` (Turbopack) writes one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { measure } from "./bench-bundle";

const dist = fs.mkdtempSync(path.join(os.tmpdir(), "bench-bundle-"));
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

function chunk(name: string, bytes: number): number {
  const file = path.join(dist, "static", "chunks", name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Incompressible content, so each chunk's gzipped size is known within a few bytes.
  fs.writeFileSync(file, Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 7919 + 13) % 251)));
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

function page(route: string, entryJSFiles: Record<string, string[]>) {
  const dir = path.join(dist, "server", "app", route);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = { clientModules: {}, entryJSFiles, entryCSSFiles: {} };
  fs.writeFileSync(
    path.join(dir, "page_client-reference-manifest.js"),
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST["${route}/page"] = ${JSON.stringify(manifest)};`,
  );
}

describe("bench:bundle measure", () => {
  it("counts the root main files and each segment's chunks once, per page, and names pages by URL", () => {
    const main = chunk("main.js", 4000);
    const layout = chunk("layout.js", 1000);
    const list = chunk("list.js", 2000);
    const charts = chunk("charts.js", 8000);
    fs.writeFileSync(path.join(dist, "build-manifest.json"), JSON.stringify({ rootMainFiles: ["static/chunks/main.js"] }));
    page("(dashboard)/models", {
      "[project]/app/layout": ["static/chunks/layout.js"],
      "[project]/app/(dashboard)/models/page": ["static/chunks/layout.js", "static/chunks/list.js", "static/chunks/style.css"],
    });
    page("(dashboard)/keys", { "[project]/app/(dashboard)/keys/page": ["static/chunks/layout.js", "static/chunks/charts.js"] });
    page("_not-found", { "[project]/app/layout": ["static/chunks/layout.js"] });

    const pages = measure(dist);
    expect(pages.map((p) => p.route)).toEqual(["/keys", "/models"]);
    expect(pages.find((p) => p.route === "/models")).toEqual({ route: "/models", files: 3, gzipBytes: main + layout + list, targetKb: 150 });
    expect(pages.find((p) => p.route === "/keys")).toMatchObject({ files: 3, gzipBytes: main + layout + charts, targetKb: undefined });
  });
});
