// Runs once per server process. Starts the background health-check scheduler (it does nothing until
// checks are turned on in Settings) and the built-in simulator upstream beside the app, so the seeded
// simulator models answer with no provider keys. The simulator is a real HTTP server on loopback: the
// completion core reaches it like any provider. Set SIMULATOR_URL to use a standalone one instead.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ startHealthCheckScheduler }, { getDb }] = await Promise.all([import("./lib/server/health-checks"), import("./lib/server/db")]);
  startHealthCheckScheduler(getDb);
  if (process.env.SIMULATOR_URL || process.env.SIMULATOR_DISABLED === "1") return;
  const { startSimulator } = await import("./lib/simulator");
  const sim = await startSimulator({ port: Number(process.env.SIMULATOR_PORT ?? 0), host: "127.0.0.1", quiet: true });
  process.env.SIMULATOR_URL = sim.url;
  console.info(`[tunebench] Built-in simulator listening on ${sim.url}`);
}
