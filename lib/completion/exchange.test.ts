// The transport under the core, over loopback HTTP: a reader that stops reading pauses the upstream socket, the
// body arrives whole and in order, and a signal aborts a request that waits for its head with the signal's reason.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cancellation } from "./cancel";
import { exchange } from "./exchange";

const TOTAL = 32 * 1024 * 1024;
const PIECE = 64 * 1024;
let server: Server;
let url: string;
const written = { bytes: 0 };
const dispatcher = new Agent();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (req.url === "/hang") return; // never answers
    res.writeHead(200, { "content-type": "application/octet-stream", "x-twice": ["a", "b"] });
    written.bytes = 0;
    const piece = Buffer.alloc(PIECE);
    // Each piece carries its index, so order and completeness can be checked on the other side.
    const pump = () => {
      while (written.bytes < TOTAL) {
        piece.writeUInt32BE(written.bytes / PIECE, 0);
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
