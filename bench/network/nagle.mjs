// The bimodal-latency experiment of issue #14: a loopback HTTP server that leaves Nagle's algorithm on and writes
// the response head and body in two writes (as Twisted/DaCHS does), and several clients making N sequential small
// requests on a kept-alive connection (or not). Prints p50/p90/slow-count per client.
// usage: node bench/network/nagle.mjs [N=50] [rounds=1]
import { createServer } from "node:net";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { createUndiciTransport } from "@vo/core";
import { createFetchTransport } from "@vo/core/transport/fetch";

const N = Number(process.argv[2] ?? 50);
const BODY = `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><TABLE><FIELD name="id" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;

/** A raw HTTP/1.1 keep-alive server: Nagle on, head then body in a second write on the next event-loop turn. */
function startServer() {
  const server = createServer((socket) => {
    socket.setNoDelay(false);
    let buffer = "";
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      let end;
      while ((end = buffer.indexOf("\r\n\r\n")) >= 0) {
        buffer = buffer.slice(end + 4);
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/x-votable+xml\r\ncontent-length: ${Buffer.byteLength(BODY)}\r\n\r\n`);
        setImmediate(() => socket.write(BODY));
      }
    });
    socket.on("error", () => undefined);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function undiciClient(url, { gap = 0, fresh = false } = {}) {
  const times = [];
  let agent = new Agent();
  for (let i = 0; i < N; i++) {
    if (fresh) agent = new Agent({ pipelining: 0 });
    const t = performance.now();
    const res = await request(url, { dispatcher: agent });
    await res.body.text();
    times.push(performance.now() - t);
    if (fresh) await agent.close();
    if (gap) await sleep(gap);
  }
  if (!fresh) await agent.close();
  return times;
}

async function fetchClient(url) {
  const times = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await (await fetch(url)).text();
    times.push(performance.now() - t);
  }
  return times;
}

async function nodeHttpClient(url, keepAlive) {
  const agent = new http.Agent({ keepAlive, maxSockets: 1 });
  const times = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await new Promise((resolve, reject) => {
      http.get(url, { agent }, (res) => {
        res.resume();
        res.on("end", resolve);
      }).on("error", reject);
    });
    times.push(performance.now() - t);
  }
  agent.destroy();
  return times;
}

/** @vo's transports, with prompt ACKs (the default) or without. */
async function voClient(url, make) {
  const transport = make();
  const times = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await (await transport.request({ url })).text();
    times.push(performance.now() - t);
  }
  await transport.close();
  return times;
}

function python(url, mode, gap = 0) {
  const script = fileURLToPath(new URL("./nagle-client.py", import.meta.url));
  // Asynchronously: the server runs in this process's event loop.
  return promisify(execFile)("/usr/bin/python3", [script, url, String(N), mode, String(gap)]).then(({ stdout }) => JSON.parse(stdout));
}

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: q(0.5), p90: q(0.9), slow: times.filter((t) => t > 30).length };
}

const server = await startServer();
const url = `http://127.0.0.1:${server.address().port}/scs?RA=1&DEC=2&SR=0.1`;
const clients = [
  ["undici, kept alive", () => undiciClient(url)],
  ["undici, kept alive, 45 ms between requests", () => undiciClient(url, { gap: 45 })],
  ["undici, new connection each", () => undiciClient(url, { fresh: true })],
  ["fetch, kept alive", () => fetchClient(url)],
  ["@vo undici transport, quickAck: false", () => voClient(url, () => createUndiciTransport({ quickAck: false }))],
  ["@vo undici transport (prompt ACKs)", () => voClient(url, () => createUndiciTransport())],
  ["@vo fetch transport (prompt ACKs)", () => voClient(url, () => createFetchTransport())],
  ["node:http, kept alive", () => nodeHttpClient(url, true)],
  ["node:http, no keep-alive", () => nodeHttpClient(url, false)],
  ["python requests.Session", () => python(url, "requests")],
  ["python requests.Session, 45 ms between", () => python(url, "requests", 45)],
  ["python requests.get (new connection each)", () => python(url, "requests-fresh")],
  ["python http.client, kept alive", () => python(url, "httpclient")],
  ["python http.client + TCP_QUICKACK", () => python(url, "httpclient-quickack")],
];
console.log(`${N} sequential GETs each; 'slow' = requests over 30 ms`);
console.log("client".padEnd(48), "p50 ms".padStart(8), "p90 ms".padStart(8), "slow".padStart(6));
for (const [name, run] of clients) {
  const s = stats(await run());
  console.log(name.padEnd(48), s.p50.toFixed(1).padStart(8), s.p90.toFixed(1).padStart(8), `${s.slow}/${N}`.padStart(6));
}
server.close();
