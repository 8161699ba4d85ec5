// Kept-alive sockets that the upstream closed: the pool reuses one just as the server drops it. A raw TCP server
// makes that race deterministic: it answers the first request of a connection, then drops the connection the
// moment a second request arrives on it.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { complete } from "./core";
import { caught, openAICompletion } from "@/test/completion-fixtures";

interface StaleServer {
  url: string;
  connections: number;
  requests: number;
  /** Requests that arrived on a reused connection and were dropped. */
  dropped: number;
  close(): Promise<void>;
}

const RESPONSE = JSON.stringify(openAICompletion("ok"));

/** `drop`: how a reused connection dies: FIN (`end`) or RST (`reset`); `always`: every request is dropped. */
async function startStaleServer(drop: "end" | "reset", always = false): Promise<StaleServer> {
  const sockets = new Set<Socket>();
  const state = { connections: 0, requests: 0, dropped: 0 };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buffered = Buffer.alloc(0);
    let answered = 0;
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const head = buffered.indexOf("\r\n\r\n");
        if (head < 0) return;
        const length = Number(/content-length:\s*(\d+)/i.exec(buffered.subarray(0, head).toString("latin1"))?.[1] ?? 0);
        if (buffered.length < head + 4 + length) return;
        buffered = buffered.subarray(head + 4 + length);
        state.requests++;
        if (always || answered > 0) {
          state.dropped++;
          if (drop === "reset") socket.resetAndDestroy();
          else socket.destroy();
          return;
        }
        answered++;
        // No Keep-Alive hint: the client keeps the socket for as long as its own idle timeout.
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(RESPONSE)}\r\n\r\n${RESPONSE}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    get requests() {
      return state.requests;
    },
    get dropped() {
      return state.dropped;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let server: StaleServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = { messages: [{ role: "user" as const, content: "Hi" }] };
const deployment = (url: string) => ({ provider: "openai" as const, model: "gpt-4o-mini", apiBase: `${url}/v1`, apiKey: "sk-test-stale-123456" });

describe("a kept-alive socket the upstream closed", () => {
  it.each(["end", "reset"] as const)("is retried once on a fresh connection when the server drops it (%s)", async (drop) => {
    server = await startStaleServer(drop);
    const d = deployment(server.url);
    for (let i = 0; i < 4; i++) {
      expect((await complete(d, ask)).choices[0].message.content).toBe("ok");
      // Let the pool take the socket back, so the next call reuses it (and the server drops it).
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.dropped).toBeGreaterThanOrEqual(1);
    expect(server.requests).toBe(4 + server.dropped);
    // The server answers one request per connection: four answers, four connections.
    expect(server.connections).toBe(4);
  });

  it("is retried only once: an upstream that drops every request is unavailable", async () => {
    server = await startStaleServer("reset", true);
    const err = await caught(complete(deployment(server.url), ask));
    expect(err).toMatchObject({ kind: "upstream_unavailable", message: expect.stringMatching(/cannot reach .*\((ECONNRESET|UND_ERR_SOCKET)\)/) });
    expect(server.requests).toBe(2);
  });
});

/** Sends the response head at once and the body `bodyAfterMs` later. */
async function startSlowBodyServer(bodyAfterMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const http = await import("node:http");
  const timers = new Set<NodeJS.Timeout>();
  const s = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(RESPONSE) });
    res.flushHeaders();
    const t = setTimeout(() => res.end(RESPONSE), bodyAfterMs);
    timers.add(t);
    res.on("close", () => clearTimeout(t));
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

describe("a first-byte timeout", () => {
  let slow: Awaited<ReturnType<typeof startSlowBodyServer>> | undefined;
  afterEach(async () => {
    await slow?.close();
    slow = undefined;
  });

  it("gives a body that starts in time what is left of the whole timeout", async () => {
    slow = await startSlowBodyServer(400);
    const r = await complete(deployment(slow.url), ask, { firstByteTimeoutMs: 100, timeoutMs: 5_000 });
    expect(r.choices[0].message.content).toBe("ok");
  });

  it("still ends a body that outlasts the whole timeout, at the whole timeout", async () => {
    slow = await startSlowBodyServer(5_000);
    const started = performance.now();
    const err = await caught(complete(deployment(slow.url), ask, { firstByteTimeoutMs: 100, timeoutMs: 600 }));
    const took = performance.now() - started;
    expect(err).toMatchObject({ kind: "timeout", message: expect.stringMatching(/no complete response .* within 600 ms/) });
    expect(took).toBeGreaterThanOrEqual(590);
    expect(took).toBeLessThan(3_000);
  });
});
