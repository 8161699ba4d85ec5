import os from "node:os";
import { processWide } from "./process-wide";

// Change propagation between instances. Every registry, credential, group and key write publishes an event;
// every instance (this one included, at once) drops what the event makes stale. The transport is whatever the
// deployment already runs: Redis pub/sub when REDIS_URL is set, else PostgreSQL LISTEN/NOTIFY when the database
// is PostgreSQL, else nothing (one instance on SQLite: applying the event locally is all there is to do).
// Not "server-only": the custom server and Next's bundles load it alike; its state is process-wide.

export type ClusterEvent =
  /** Models, credentials or routing groups changed: drop the gateway's config caches. */
  | { type: "registry" }
  /** An API key was revoked or changed: drop the key cache. */
  | { type: "keys" }
  /** Router state another instance changed (cooldowns, half-open trials, shared counters). */
  | { type: "router"; payload: unknown };

export type ClusterEventType = ClusterEvent["type"];
type Handler = (event: ClusterEvent, fromOtherInstance: boolean) => void;

/** Namespace for Redis keys and channels, so several deployments (or test runs) can share one Redis. */
export const redisPrefix = (env: NodeJS.ProcessEnv = process.env) => env.REDIS_PREFIX || "tunebench:";
const PG_CHANNEL = "tunebench_events";

/** This process, as other instances and the health view name it. */
export const INSTANCE_ID: string = processWide("instanceId", () => process.env.INSTANCE_ID || `${os.hostname()}:${process.pid}`);

interface Transport {
  kind: "redis" | "postgres" | "local";
  publish(message: string): void;
  close(): Promise<void>;
}

interface BusState {
  handlers: Map<ClusterEventType, Handler>;
  transport?: Transport;
  starting?: Promise<Transport>;
}

const bus = processWide<BusState>("clusterBus", () => ({ handlers: new Map() }));

/** Registers the one handler for an event type (a second module copy replaces, never doubles, it). */
export function onClusterEvent(type: ClusterEventType, handler: Handler): void {
  bus.handlers.set(type, handler);
}

function deliver(raw: string): void {
  let msg: { from?: unknown; event?: ClusterEvent };
  try {
    msg = JSON.parse(raw) as typeof msg;
  } catch {
    return;
  }
  if (msg.from === INSTANCE_ID || !msg.event || typeof msg.event.type !== "string") return;
  bus.handlers.get(msg.event.type)?.(msg.event, true);
}

/** Applies the event here at once, then tells the other instances (fire and forget: a write never waits on it). */
export function publishClusterEvent(event: ClusterEvent): void {
  bus.handlers.get(event.type)?.(event, false);
  const message = JSON.stringify({ from: INSTANCE_ID, event });
  if (bus.transport) return bus.transport.publish(message);
  void startClusterBus().then((t) => t.publish(message));
}

/** The transport this deployment uses: started once per process (server.ts starts it, so it listens from boot). */
export function startClusterBus(env: NodeJS.ProcessEnv = process.env): Promise<Transport> {
  if (bus.transport) return Promise.resolve(bus.transport);
  bus.starting ??= connect(env).then(
    (t) => (bus.transport = t),
    (err: unknown) => {
      bus.starting = undefined;
      console.error("[tunebench] change propagation unavailable:", err instanceof Error ? err.message : "unknown error");
      return (bus.transport = LOCAL);
    },
  );
  return bus.starting;
}

export async function stopClusterBus(): Promise<void> {
  const t = bus.transport;
  bus.transport = undefined;
  bus.starting = undefined;
  await t?.close();
}

export function clusterTransport(): Transport["kind"] | undefined {
  return bus.transport?.kind;
}

const LOCAL: Transport = { kind: "local", publish: () => undefined, close: async () => undefined };

async function connect(env: NodeJS.ProcessEnv): Promise<Transport> {
  if (env.REDIS_URL) return connectRedis(env.REDIS_URL);
  const db = env.DATABASE_URL ?? "";
  if (/^postgres(ql)?:\/\//.test(db)) return connectPostgres(db);
  return LOCAL;
}

async function connectRedis(url: string): Promise<Transport> {
  const { default: Redis } = await import("ioredis");
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = new Redis(url, { lazyConnect: true });
  await Promise.all([pub.connect(), sub.connect()]);
  const channel = `${redisPrefix()}events`;
  sub.on("message", (_channel: string, message: string) => deliver(message));
  await sub.subscribe(channel);
  for (const c of [pub, sub]) c.on("error", (err: Error) => console.error("[tunebench] redis:", err.message));
  return {
    kind: "redis",
    publish: (message) => void pub.publish(channel, message).catch(() => undefined),
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}

async function connectPostgres(url: string): Promise<Transport> {
  const { Client } = await import("pg");
  const listener = new Client({ connectionString: url });
  const sender = new Client({ connectionString: url });
  await Promise.all([listener.connect(), sender.connect()]);
  listener.on("notification", (n) => n.payload && deliver(n.payload));
  await listener.query(`LISTEN ${PG_CHANNEL}`);
  for (const c of [listener, sender]) c.on("error", (err: Error) => console.error("[tunebench] postgres notifications:", err.message));
  return {
    kind: "postgres",
    publish: (message) => void sender.query("SELECT pg_notify($1, $2)", [PG_CHANNEL, message]).catch(() => undefined),
    close: async () => {
      await Promise.allSettled([listener.end(), sender.end()]);
    },
  };
}
