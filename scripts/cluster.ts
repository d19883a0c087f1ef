// `npm run start:cluster -- [--nodes N]`: N Minka nodes behind a small local proxy, to try the
// scale-out set-up on one machine. Needs DATABASE_URL=postgresql://... and REDIS_URL=redis://...
// (SQLite is one node's database). The proxy listens on PORT (3000) and the nodes on PORT+1...
// A cookie (`minka_node`) keeps a browser on its node, as socket.io's long-polling fallback needs;
// websockets are proxied too. A node that fails is avoided for a few seconds.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import { createProxyServer } from "http-proxy-3";

const nodes = Number(process.argv[process.argv.indexOf("--nodes") + 1] || 2);
const port = Number(process.env.PORT || 3000);
const { DATABASE_URL = "", REDIS_URL = "" } = process.env;
if (!/^postgres(ql)?:\/\//.test(DATABASE_URL) || !/^rediss?:\/\//.test(REDIS_URL)) {
  console.error("start:cluster needs DATABASE_URL=postgresql://... and REDIS_URL=redis://... (see README).");
  process.exit(1);
}
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16) {
  console.error("--nodes must be between 1 and 16");
  process.exit(1);
}

const children: ChildProcess[] = [];
const targets = Array.from({ length: nodes }, (_, i) => ({ url: `http://127.0.0.1:${port + 1 + i}`, downUntil: 0 }));

function startNode(index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      env: { ...process.env, PORT: String(port + 1 + index), HOST: "127.0.0.1", PUBLIC_URL: process.env.PUBLIC_URL },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    let ready = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (!ready && chunk.toString().includes("Minka is ready")) {
        ready = true;
        resolve();
      }
    });
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`node ${index + 1} exited with ${code} before it was ready`));
      else console.error(`node ${index + 1} exited with ${code}`);
    });
  });
}

// One node at a time: the first applies migrations and demo data; the others find them done.
for (let i = 0; i < nodes; i += 1) await startNode(i);

let next = 0;
function pick(req: IncomingMessage): number {
  const match = /(?:^|;\s*)minka_node=(\d+)/.exec(req.headers.cookie ?? "");
  const pinned = match ? Number(match[1]) : -1;
  const now = Date.now();
  if (targets[pinned] && targets[pinned].downUntil < now) return pinned;
  for (let tries = 0; tries < targets.length; tries += 1) {
    const index = next++ % targets.length;
    if (targets[index]!.downUntil < now) return index;
  }
  return 0;
}

const proxy = createProxyServer({ xfwd: true, ws: true });
const server = createServer((req, res) => {
  const index = pick(req);
  res.setHeader("Set-Cookie", `minka_node=${index}; Path=/; HttpOnly; SameSite=Lax`);
  proxy.web(req, res, { target: targets[index]!.url }, () => {
    targets[index]!.downUntil = Date.now() + 5000;
    if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Nodo no disponible; vuelva a intentarlo.");
  });
});
server.on("upgrade", (req, socket, head) => {
  const index = pick(req);
  proxy.ws(req, socket, head, { target: targets[index]!.url }, () => {
    targets[index]!.downUntil = Date.now() + 5000;
    socket.destroy();
  });
});
server.listen(port, () => console.log(`Minka cluster: ${nodes} nodes behind http://localhost:${port}`));

const stop = () => {
  server.close();
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(0), 11_000).unref();
  Promise.all(children.map((child) => new Promise((resolve) => child.once("exit", resolve)))).then(() =>
    process.exit(0),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
