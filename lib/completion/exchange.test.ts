// The transport under the core, over loopback HTTP: a reader that stops reading pauses the upstream socket, the
// body arrives whole and in order (read chunk by chunk, or whole as text, up to MAX_WHOLE_BYTES), and a signal
// aborts a request that waits for its head with the signal's reason.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cancellation } from "./cancel";
import { exchange, MAX_WHOLE_BYTES } from "./exchange";

const TOTAL = 32 * 1024 * 1024;
const PIECE = 64 * 1024;
let server: Server;
let url: string;
const written = { bytes: 0, closedEarly: Promise.resolve(false) };
const dispatcher = new Agent();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (req.url === "/hang") return; // never answers
    res.writeHead(200, { "content-type": "application/octet-stream", "x-twice": ["a", "b"] });
    written.bytes = 0;
    written.closedEarly = new Promise((resolve) => res.once("close", () => resolve(!res.writableFinished)));
    // /ascii?bytes=N: a body of N bytes instead of TOTAL.
    const total = Number(new URL(req.url ?? "/", "http://x").searchParams.get("bytes") ?? TOTAL);
    // Each piece carries its index, so order and completeness can be checked on the other side: as 4 bytes, or
    // for /ascii (read as text) as 8 digits in a piece of dots.
    const ascii = req.url?.startsWith("/ascii") === true;
    const piece = Buffer.alloc(PIECE, ascii ? "." : 0);
    const pump = () => {
      while (written.bytes < total && !res.destroyed) {
        if (ascii) piece.write(String(written.bytes / PIECE).padStart(8, "0"), 0, "latin1");
        else piece.writeUInt32BE(written.bytes / PIECE, 0);
        written.bytes += PIECE;
        if (!res.write(Buffer.from(piece))) return void res.once("drain", pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await dispatcher.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("exchange", () => {
  it("pauses the socket while nobody reads, then delivers every byte in order", async () => {
    const res = await exchange(dispatcher, `${url}/big`, {}, "{}", new Cancellation());
    expect([res.status, res.headers.get("X-Twice")]).toEqual([200, "a, b"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Unpaused, the whole 32 MB crosses loopback in a fraction of that; paused, the sender is held once the
    // reader's 64 KiB and the kernel's socket buffers are full.
    expect(written.bytes).toBeLessThan(TOTAL / 2);

    const chunks: Uint8Array[] = [];
    for await (const chunk of res.body) chunks.push(chunk);
    const all = Buffer.concat(chunks);
    expect(all.length).toBe(TOTAL);
    for (let i = 0; i < TOTAL / PIECE; i++) expect(all.readUInt32BE(i * PIECE)).toBe(i);
  });

  it("reads a body whole after the socket was paused: resumed, every byte, in order", async () => {
    const res = await exchange(dispatcher, `${url}/ascii?bytes=${MAX_WHOLE_BYTES}`, {}, "{}", new Cancellation());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(written.bytes).toBeLessThan(MAX_WHOLE_BYTES / 2); // paused before text() asks for the rest
    const all = await res.text();
    expect(all.length).toBe(MAX_WHOLE_BYTES);
    for (let i = 0; i < MAX_WHOLE_BYTES / PIECE; i++) expect(all.slice(i * PIECE, i * PIECE + 8)).toBe(String(i).padStart(8, "0"));
  });

  it("cuts off a body read whole once it passes MAX_WHOLE_BYTES, with an error that says so", async () => {
    const res = await exchange(dispatcher, `${url}/ascii?bytes=${2 * MAX_WHOLE_BYTES}`, {}, "{}", new Cancellation());
    await expect(res.text()).rejects.toMatchObject({ kind: "upstream_unavailable", message: "the upstream's answer is larger than 16 MiB" });
    await expect(res.json()).rejects.toMatchObject({ kind: "upstream_unavailable" }); // read once: the same error
    // The connection was closed, not drained: the sender's response closed before it finished.
    expect(await written.closedEarly).toBe(true);
  });

  it("rejects json() with the parse error when the body is not JSON", async () => {
    const res = await exchange(dispatcher, `${url}/ascii?bytes=${PIECE}`, {}, "{}", new Cancellation());
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it("aborts a request that waits for its head with the signal's reason", async () => {
    const gone = new Cancellation();
    const pending = exchange(dispatcher, `${url}/hang`, {}, "{}", gone);
    const reason = new Error("caller left");
    setTimeout(() => gone.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it("rejects at once with the reason when the signal was already aborted", async () => {
    const gone = new Cancellation();
    gone.abort(new Error("before"));
    await expect(exchange(dispatcher, `${url}/big`, {}, "{}", gone)).rejects.toThrow("before");
  });
});
