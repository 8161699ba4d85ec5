// npm run build, second step: server.ts and the lib/ code it imports (the gateway's hot path) as one ES module,
// dist/server.mjs, which `npm start` runs. Under tsx the same code pays for runtime keep-names helpers on every
// closure and a larger heap (docs/benchmarks.md); packages stay in node_modules. `npm run dev` still runs tsx.
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(__dirname, "..");

build({
  absWorkingDir: ROOT,
  entryPoints: ["server.ts"],
  outfile: "dist/server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  // "server-only" maps to an empty module here, as under tsx (tsconfig.server.json).
  tsconfig: "tsconfig.server.json",
  // Bundled code that still calls require() (generated clients) gets Node's, as in CommonJS.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  sourcemap: "linked",
  logLevel: "warning",
}).catch(() => process.exit(1));
