/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon; keep it and the DB adapters out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "undici", "bullmq"],
  poweredByHeader: false,
  // Parallel builds (several engineers, or e2e on another port) each get their own directory.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm run typecheck` (part of `npm test`) type-checks the whole project, tests included;
  // skipping Next's second pass keeps builds fast on small machines.
  typescript: { ignoreBuildErrors: true },
};
module.exports = nextConfig;
