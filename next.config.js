/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon; keep it out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
};
module.exports = nextConfig;
