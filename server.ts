// One process, one port. The gateway (/v1/*, /api/v1/*) runs on Node's req/res, outside Next's request
// pipeline, whose per-request work costs more than the whole gateway hop should; every other path goes to
// Next. Both share one router state and one set of caches (lib/server/process-wide.ts), so the dashboard's
// health view shows gateway traffic live and a revoked key stops working at once.
// Run by `npm start` (production build) and `npm run dev` (--dev). Flags: -p/--port, -H/--hostname.
import http from "node:http";
import { parseArgs } from "node:util";
import v8 from "node:v8";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
    dev: { type: "boolean", default: false },
  },
});
const dev = values.dev === true;
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";

/**
 * Above the idle timeouts of common load balancers (60 s on AWS ALB and nginx's upstream keepalive), so the
 * balancer, not this server, closes an idle connection: a server closing first races the balancer's next
 * request on that socket and the client gets a 502. headersTimeout must exceed it (Node's rule).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** On SIGTERM: how long in-flight requests (long streams included) may take to finish. */
const SHUTDOWN_GRACE_MS = Number(process.env.SHUTDOWN_GRACE_SECONDS ?? 25) * 1000;

// A gateway under steady traffic moves a few MB a second of short-lived objects into V8's old generation (calls in
// flight across two young collections, log rows waiting for their batch). V8 lets that generation grow to 2–4× its
// live size before collecting it on a busy heap, so RSS swung between about 230 and 420 MB under load
// (docs/benchmarks.md). Growing it by at most half its live size keeps RSS within about 280 MB, for about
// 1 µs of collection work per call (measured with --trace-gc at 50 connections). The setting is read at each
// collection, so setting it here, before any load, applies however the server is started.
v8.setFlagsFromString("--heap-growing-percent=50");

function badPath(url: string): boolean {
  const q = url.indexOf("?");
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q));
    return false;
  } catch {
    return true;
  }
}

async function main() {
  // Loaded after NODE_ENV is set: Next reads it when its modules load.
  const [{ default: next }, { createGatewayListener, isGatewayPath }, { getDb }, hc, log, keys, cluster, routing, { verifyEncryptionKey }] = await Promise.all([
    import("next"),
    import("./lib/gateway/http"),
    import("./lib/server/db"),
    import("./lib/groups/server/health-checks"),
    import("./lib/usage/server/request-log"),
    import("./lib/keys/server/api-keys"),
    import("./lib/server/cluster"),
    import("./lib/groups/server/routing"),
    import("./lib/server/encryption-check"),
  ]);
  const [{ getEvalRunner }, { migratePlaygroundBatches }] = await Promise.all([import("./lib/evals/server/runner"), import("./lib/evals/server/migrate-batches")]);
  const [rollouts, shadow, judge] = await Promise.all([import("./lib/shadow/server/rollouts"), import("./lib/shadow/server/shadow"), import("./lib/shadow/server/judge")]);
  // Before anything listens: an instance whose key cannot read the database's secrets must not serve.
  await verifyEncryptionKey(getDb());

  // Other instances' writes (REDIS_URL, or PostgreSQL notifications) reach this one from the start.
  const transport = await cluster.startClusterBus();
  if (transport.kind !== "local") console.info(`[tunebench] Instance ${cluster.INSTANCE_ID}: changes propagate through ${transport.kind}`);
  // With REDIS_URL, cooldowns, trials and rpm/tpm windows are shared: load the cluster's circuits first.
  await routing.startRouterState();

  // The built-in simulator, so the seeded simulator models answer with no provider keys. It is a real HTTP
  // server on loopback: the core reaches it like any provider. SIMULATOR_URL selects a standalone one.
  let simulator: { close(): Promise<void> } | undefined;
  if (!process.env.SIMULATOR_URL && process.env.SIMULATOR_DISABLED !== "1") {
    const { startSimulator } = await import("./lib/simulator");
    const sim = await startSimulator({ port: Number(process.env.SIMULATOR_PORT ?? 0), host: "127.0.0.1", quiet: true });
    process.env.SIMULATOR_URL = sim.url;
    simulator = sim;
    console.info(`[tunebench] Built-in simulator listening on ${sim.url}`);
  }

  // Token tables take a large part of a second to build: before the first request, not during it.
  const { getEncoding } = await import("./lib/completion/bpe");
  getEncoding("o200k_base");
  getEncoding("cl100k_base");

  const app = next({ dev, hostname, port, dir: process.cwd() });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  const gateway = createGatewayListener(getDb);

  let inFlight = 0;
  let stopping = false;
  const server = http.createServer((req, res) => {
    inFlight++;
    res.once("close", () => inFlight--);
    if (stopping) res.setHeader("connection", "close");
    const url = req.url ?? "/";
    if (isGatewayPath(url)) return gateway(req, res);
    if (badPath(url)) {
      // Next answers a malformed percent-escape with a plain-text 500 before any handler runs.
      const body = JSON.stringify({ error: { code: "invalid_path", message: "The URL path has a malformed percent-escape (such as %ff or a lone %)." } });
      res.writeHead(400, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      return void res.end(body);
    }
    void handleNext(req, res);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  hc.startHealthCheckScheduler(getDb);
  // Playground batches became eval runs: saved batches move over once, before the runner looks for work.
  const migrated = await migratePlaygroundBatches(getDb());
  if (migrated) console.info(`[tunebench] Moved ${migrated} playground batch(es) to eval runs.`);
  // Eval runs are server-side jobs: the ones a previous process left queued or running carry on here.
  const evalRunner = getEvalRunner(getDb);
  await evalRunner.start();
  // Guarded rollouts step (and the shadow judge runs) on whichever instance holds the rollout lease.
  rollouts.startRolloutScheduler(getDb, { afterRollouts: async (db) => void (await judge.judgeShadowPairs(db)) });

  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    console.info(`[tunebench] ${signal}: no new connections; finishing ${inFlight} request(s) (at most ${SHUTDOWN_GRACE_MS / 1000} s)…`);
    server.close();
    const deadline = Date.now() + SHUTDOWN_GRACE_MS;
    while (inFlight > 0 && Date.now() < deadline) {
      server.closeIdleConnections();
      await new Promise((r) => setTimeout(r, 25));
    }
    server.closeAllConnections(); // what is left past the grace period is cut (and logged as 499)
    await new Promise((r) => setImmediate(r));
    await Promise.all([hc.stopHealthCheckScheduler(), rollouts.stopRolloutScheduler(getDb())]);
    // Calls in flight are dropped unwritten; the next start runs those cases again.
    await evalRunner.stop();
    // Shadow calls in flight get what is left of a short wait, so their pairs are logged; the rest are cut.
    await Promise.race([shadow.settleShadowCalls(), new Promise((r) => setTimeout(r, 2_000))]);
    await Promise.all([log.flushRequestLog(), keys.flushLastUsed()]);
    await Promise.allSettled([app.close(), simulator?.close(), getDb().$disconnect(), cluster.stopClusterBus(), routing.stopRouterState()]);
    console.info("[tunebench] stopped; request log flushed.");
    process.exit(0);
  }
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));

  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  console.info(`[tunebench] Ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}${dev ? " (development)" : ""}`);
}

main().catch((err: unknown) => {
  // A mismatched ENCRYPTION_KEY is a configuration error whose message says what to do; no stack for it.
  if (err instanceof Error && err.name === "EncryptionKeyMismatchError") console.error(`[tunebench] ${err.message}`);
  else console.error("[tunebench] could not start:", err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
