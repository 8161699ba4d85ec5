// The floor for any Node gateway, for `npm run bench:gateway`: parse the JSON body, make one pooled undici call
// to the upstream, answer (streams are piped through as they come). No auth, routing, validation or logging.
// Usage: node scripts/bench-node-floor.mjs <port> <upstream base URL>
import http from "node:http";
import { Agent, request } from "undici";

const [port, upstream] = process.argv.slice(2);
const pool = new Agent({ keepAliveTimeout: 4_000 });

http
  .createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const up = await request(`${upstream}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" },
      body: JSON.stringify(body),
      dispatcher: pool,
    });
    res.writeHead(up.statusCode, { "content-type": up.headers["content-type"] });
    for await (const chunk of up.body) res.write(chunk);
    res.end();
  })
  .listen(Number(port), "127.0.0.1");
