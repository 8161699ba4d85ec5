// npm run bench:bundle — each dashboard page's first-load JavaScript, gzipped, from a production build
// (NEXT_DIST_DIR, default .next; run `npm run build` first), against the page-weight targets.
// First load = the root main files every page loads plus the chunks each of the page's segments
// (root layout, dashboard layout, nested layouts, the page) names in its client reference manifest.
// Chunks loaded later through dynamic import() are not counted: that is the point of loading them late.
// Exit 1 when a page with a target is over it.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { ROOT } from "./bench-support";

const DIST = path.resolve(ROOT, process.env.NEXT_DIST_DIR || ".next");
const KB = 1024;
export const TARGETS_KB: Record<string, number> = { "/models": 150, "/playground": 200 };

interface RscManifest {
  entryJSFiles?: Record<string, string[]>;
}

function readManifest(file: string): RscManifest | undefined {
  const g = globalThis as unknown as { __RSC_MANIFEST?: Record<string, RscManifest> };
  g.__RSC_MANIFEST = {};
  // The manifest is a script that assigns globalThis.__RSC_MANIFEST[route]; run it in this process.
  new Function(fs.readFileSync(file, "utf8"))();
  return Object.values(g.__RSC_MANIFEST)[0];
}

function* pageManifests(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* pageManifests(full);
    else if (entry.name === "page_client-reference-manifest.js") yield full;
  }
}

/** "/(dashboard)/models/[id]/page" → "/models/[id]"; route groups do not appear in URLs. */
function routeOf(dist: string, file: string): string {
  const rel = path.relative(path.join(dist, "server", "app"), path.dirname(file)).split(path.sep);
  const parts = rel.filter((p) => !(p.startsWith("(") && p.endsWith(")")));
  return `/${parts.join("/")}`;
}

function gzipSize(dist: string, chunk: string, cache: Map<string, number>): number {
  let n = cache.get(chunk);
  if (n === undefined) {
    n = zlib.gzipSync(fs.readFileSync(path.join(dist, chunk)), { level: 9 }).length;
    cache.set(chunk, n);
  }
  return n;
}

export interface PageWeight {
  route: string;
  files: number;
  gzipBytes: number;
  targetKb?: number;
}

/** Every page of the build in `dist`, with its first-load scripts and their gzipped size. */
export function measure(dist = DIST): PageWeight[] {
  const build = JSON.parse(fs.readFileSync(path.join(dist, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const cache = new Map<string, number>();
  const out: PageWeight[] = [];
  for (const file of pageManifests(path.join(dist, "server", "app"))) {
    const route = routeOf(dist, file);
    if (route.startsWith("/_")) continue;
    const manifest = readManifest(file);
    const chunks = new Set(build.rootMainFiles.filter((f) => f.endsWith(".js")));
    for (const list of Object.values(manifest?.entryJSFiles ?? {})) for (const c of list) if (c.endsWith(".js")) chunks.add(c);
    const gzipBytes = [...chunks].reduce((sum, c) => sum + gzipSize(dist, c, cache), 0);
    out.push({ route, files: chunks.size, gzipBytes, targetKb: TARGETS_KB[route] });
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

function main() {
  if (!fs.existsSync(path.join(DIST, "build-manifest.json"))) {
    console.error(`No production build in ${DIST}: run \`npm run build\` first.`);
    process.exit(2);
  }
  const pages = measure();
  const width = Math.max(...pages.map((p) => p.route.length));
  console.log(`First-load JavaScript per page, gzipped (build: ${path.relative(ROOT, DIST) || "."})\n`);
  console.log(`${"page".padEnd(width)}  ${"scripts".padStart(7)}  ${"gzipped".padStart(9)}  target`);
  let over = 0;
  for (const p of pages) {
    const kb = p.gzipBytes / KB;
    const verdict = p.targetKb === undefined ? "" : kb <= p.targetKb ? `≤ ${p.targetKb} kB  ok` : `≤ ${p.targetKb} kB  OVER by ${(kb - p.targetKb).toFixed(1)} kB`;
    if (p.targetKb !== undefined && kb > p.targetKb) over++;
    console.log(`${p.route.padEnd(width)}  ${String(p.files).padStart(7)}  ${kb.toFixed(1).padStart(6)} kB  ${verdict}`);
  }
  for (const route of Object.keys(TARGETS_KB)) {
    if (!pages.some((p) => p.route === route)) {
      console.log(`${route}: not found in the build`);
      over++;
    }
  }
  if (over) process.exit(1);
}

if (require.main === module) main();
