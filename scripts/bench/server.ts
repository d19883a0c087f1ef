import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { nowMicros, sendToParent, type ServerCommand, type ServerKind } from "./shared.ts";

// One collaboration server in a process of its own, so that its CPU time and memory are measured
// apart from the load generator's. Started by scripts/bench/collab.ts with IPC:
//
//   tsx scripts/bench/server.ts minka   Minka's server (server/collab): Origin + session cookie
//                                       checks, every update stored in DATABASE_URL (SQLite in
//                                       WAL mode, or PostgreSQL) before it is relayed, permission
//                                       re-checks, compaction. With BENCH_REDIS_URL, rooms fan out
//                                       through the Redis stream `${REDIS_PREFIX}:collab`, as
//                                       server/index.ts does with REDIS_URL (scripts/bench/cluster.ts)
//   tsx scripts/bench/server.ts stock   @y/websocket-server's setupWSConnection: in memory, no
//                                       auth, no persistence (YPERSISTENCE unset)
//
// Both listen on 127.0.0.1 on a free port and answer "mark" (start of the measured window: CPU
// counter and peak-RSS sampling restart) and "report" (CPU since the mark, RSS, heap).

const kind = process.argv[2] as ServerKind;
if (kind !== "minka" && kind !== "stock") {
  console.error("usage: tsx scripts/bench/server.ts minka|stock");
  process.exit(2);
}

type Upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

async function minkaServer(): Promise<{ upgrade: Upgrade; close(): Promise<void>; connections(): number }> {
  const { pino } = await import("pino");
  const { prepareDatabase } = await import("../../app/utils/db.server.ts");
  const { createCollabServer } = await import("../../server/collab/index.ts");
  await prepareDatabase();
  const logger = pino({ level: process.env.BENCH_LOG ?? "warn" }, pino.destination(2));
  const bus = await redisBus(logger);
  const collab = createCollabServer({ logger, publicOrigin: null, bus });
  return {
    upgrade: (req, socket, head) => collab.handleUpgrade(req, socket, head),
    close: async () => {
      await collab.close();
      await bus?.close();
    },
    connections: () => collab.stats().connections,
  };
}

/** The Redis room bus server/index.ts builds with REDIS_URL (a variable of its own here, so that a
 * REDIS_URL in the environment does not change `npm run bench`). */
async function redisBus(logger: Logger) {
  const url = process.env.BENCH_REDIS_URL;
  if (!url) return undefined;
  const { Redis } = await import("ioredis");
  const { RedisRoomBus } = await import("../../server/collab/redis-bus.ts");
  const connect = () => {
    const client = new Redis(url, { maxRetriesPerRequest: null, connectionName: "minka-bench-collab" });
    client.on("error", () => {});
    return client;
  };
  return new RedisRoomBus({
    publisher: connect(),
    reader: connect(),
    stream: `${process.env.REDIS_PREFIX || "minka"}:collab`,
    onError: (error, room) => logger.warn({ err: error, room }, "collab: Redis bus"),
  });
}

async function stockServer(): Promise<{ upgrade: Upgrade; close(): Promise<void>; connections(): number }> {
  const { WebSocketServer } = await import("ws");
  const { setupWSConnection, docs } = await import("@y/websocket-server/utils");
  const wss = new WebSocketServer({ noServer: true });
  wss.on("connection", (ws, req) => setupWSConnection(ws, req));
  return {
    upgrade: (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req)),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    connections: () => [...docs.values()].reduce((sum, doc) => sum + doc.conns.size, 0),
  };
}

async function main(): Promise<void> {
  const server = kind === "minka" ? await minkaServer() : await stockServer();
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  http.on("upgrade", server.upgrade);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));

  // Event-loop delay: how late a 10 ms timer fires, with the time it fired (µs since the run's
  // epoch), so that the report can cover exactly the measured window even when this process is
  // too busy to read the parent's messages on time.
  const epoch = BigInt(process.env.BENCH_EPOCH ?? "0");
  const delays: { at: number; ms: number }[] = [];
  let expected = performance.now() + 10;
  const probe = () => {
    const now = performance.now();
    delays.push({ at: nowMicros(epoch), ms: Math.max(0, now - expected) });
    expected = now + 10;
    setTimeout(probe, 10).unref();
  };
  setTimeout(probe, 10).unref();
  let cpuMark = process.cpuUsage();
  let wallMark = performance.now();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 250);
  sampler.unref();

  process.on("message", (command: ServerCommand) => {
    void (async () => {
      switch (command.type) {
        case "mark":
          cpuMark = process.cpuUsage();
          wallMark = performance.now();
          peakRss = process.memoryUsage.rss();
          sendToParent({ type: "marked" });
          return;
        case "report": {
          const window = delays
            .filter(({ at }) => at >= command.from && at <= command.to)
            .map(({ ms }) => ms)
            .sort((a, b) => a - b);
          const cpu = process.cpuUsage(cpuMark);
          const memory = process.memoryUsage();
          peakRss = Math.max(peakRss, memory.rss);
          sendToParent({
            type: "report",
            cpuMicros: cpu.user + cpu.system,
            wallMs: performance.now() - wallMark,
            rssBytes: memory.rss,
            peakRssBytes: peakRss,
            heapUsedBytes: memory.heapUsed,
            connections: server.connections(),
            loopDelayP99Ms: window.length > 0 ? window[Math.ceil(window.length * 0.99) - 1]! : NaN,
            loopDelayMaxMs: window.length > 0 ? window[window.length - 1]! : NaN,
          });
          return;
        }
        case "close":
          await server.close();
          http.closeAllConnections();
          await new Promise<void>((resolve) => http.close(() => resolve()));
          sendToParent({ type: "closed" });
          process.disconnect?.();
          setTimeout(() => process.exit(0), 200).unref();
          return;
      }
    })().catch((error: unknown) => sendToParent({ type: "error", message: String(error) }));
  });
  process.on("disconnect", () => process.exit(0));

  sendToParent({ type: "listening", port: (http.address() as AddressInfo).port, rssBytes: process.memoryUsage.rss() });
}

main().catch((error: unknown) => {
  sendToParent({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
