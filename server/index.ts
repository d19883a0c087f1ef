// Minka's single server: validates the environment, prepares the database (migrations, demo
// data), builds the app when no build exists, then serves Remix, socket.io and the Yjs endpoint
// on one port, and shuts down gracefully on SIGTERM/SIGINT.
import { execFileSync } from "node:child_process";
import { existsSync, watch } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { parseEnv, type Env } from "../app/utils/env.server.ts";
import { removePidFile, writePidFile } from "./pidfile.ts";

const BUILD_PATH = path.resolve("build/index.js");

function loadEnv(): Env {
  try {
    return parseEnv();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/** Runs a build or database command; its chatter is shown only when it fails. */
function run(command: string, args: string[], env: Env) {
  try {
    execFileSync(command, args, { stdio: "pipe", env: { ...process.env, DATABASE_URL: env.DATABASE_URL } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    console.error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`);
    throw error;
  }
}

async function importBuild(): Promise<ServerBuild> {
  return (await import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)) as ServerBuild;
}

async function main() {
  const env = loadEnv();
  // Make the validated defaults visible to every module that reads process.env.
  process.env.DATABASE_URL = env.DATABASE_URL;
  process.env.NODE_ENV = env.mode;
  process.env.MINKA_DEMO = env.demo ? "1" : "0";
  const logger = pino({ level: env.LOG_LEVEL });
  // SQLite only: the pid file next to the database tells `npm run restore` a server is using it.
  const databaseFile = env.DATABASE_URL.startsWith("file:")
    ? path.resolve(env.DATABASE_URL.replace(/^file:/, "").replace(/\?.*$/, ""))
    : null;

  if (!existsSync(BUILD_PATH)) {
    logger.info("no build found: building the app (once)");
    run("npx", ["remix", "build"], env);
  }

  logger.info("applying database migrations");
  if (/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    const { migratePostgres } = await import("./db/migrate-postgres.ts");
    const applied = await migratePostgres(env.DATABASE_URL);
    if (applied.length > 0) logger.info({ applied }, "PostgreSQL migrations applied");
  } else {
    const { sqliteMigrationsUpToDate } = await import("./db/migrations.ts");
    if (databaseFile && sqliteMigrationsUpToDate(databaseFile)) logger.info("database migrations up to date");
    else run("npx", ["prisma", "migrate", "deploy"], env);
  }

  // Imported only now: these modules read the environment validated above when they load.
  const [
    { prisma, prepareDatabase },
    { createApp },
    { createCollabServer },
    { createRealtimeServer },
    { createUpgradeRouter },
    { createMetrics },
    { endSessionsHook },
    { createBus, appCodecs },
    { BusRoomRelay, collabCodecs },
    { installEventBus },
    { redisPrefix },
  ] = await Promise.all([
    import("../app/utils/db.server.ts"),
    import("./app.ts"),
    import("./collab/index.ts"),
    import("./realtime/index.ts"),
    import("./upgrade.ts"),
    import("./metrics.ts"),
    import("./realtime/sessions.ts"),
    import("./bus/index.ts"),
    import("./collab/bus.ts"),
    import("../app/utils/bus.server.ts"),
    import("../app/utils/redis.server.ts"),
  ]);
  // One event bus for every live change (docs/decisions/014): on Redis with REDIS_URL, so that
  // what one node changes reaches the sockets and documents of every node.
  const bus = createBus({
    logger,
    redisUrl: env.REDIS_URL,
    prefix: redisPrefix(),
    codecs: { ...appCodecs, ...collabCodecs },
  });
  installEventBus(bus);
  await prepareDatabase();
  if (env.demo) {
    const plans = await prisma.plan.count();
    if (plans === 0) {
      logger.info("demo mode: loading demo data");
      const { seedDemo } = await import("../prisma/seed.ts");
      await seedDemo(prisma);
    }
  }
  const { deleteExpiredSessions } = await import("../app/utils/session.server.ts");
  const sessionSweep = setInterval(() => void deleteExpiredSessions().catch(() => {}), 60 * 60 * 1000);
  sessionSweep.unref();

  const metrics = createMetrics();
  let build = await importBuild();
  metrics.setBuild(build);
  if (env.mode === "development") {
    const { broadcastDevReady } = await import("@remix-run/node");
    watch(path.resolve("build/version.txt"), async () => {
      build = await importBuild();
      metrics.setBuild(build);
      await broadcastDevReady(build);
    });
  }

  let closing = false;
  const app = createApp({ env, logger, metrics, isShuttingDown: () => closing, getBuild: async () => build });
  const server = createServer(app);
  const realtime = createRealtimeServer(server, { logger, publicOrigin: env.publicOrigin, bus });
  const collab = createCollabServer({
    logger,
    publicOrigin: env.publicOrigin,
    bus: new BusRoomRelay(bus, (error, room) => logger.error({ err: error, room }, "collab: bus listener failed")),
    events: bus,
  });
  const detachSessionsHook = endSessionsHook(realtime.io, bus, logger);
  metrics.setSources({ socketIoSockets: () => realtime.io.engine.clientsCount, collab: () => collab.stats() });
  // socket.io listens for upgrades itself; one router decides instead.
  server.removeAllListeners("upgrade");
  server.on("upgrade", createUpgradeRouter({ socketIo: realtime.handleUpgrade, collab: collab.handleUpgrade }));

  server.listen(env.PORT, env.HOST, async () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    if (databaseFile) writePidFile(databaseFile);
    logger.info({ port }, `Minka is ready at http://localhost:${port}`);
    if (env.mode === "development") {
      const { broadcastDevReady } = await import("@remix-run/node");
      await broadcastDevReady(build);
    }
  });

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close();
    detachSessionsHook();
    await Promise.allSettled([realtime.close(), collab.close()]);
    await bus.close();
    server.closeAllConnections();
    await prisma.$disconnect();
    if (databaseFile) removePidFile(databaseFile);
    const { getRedis } = await import("../app/utils/redis.server.ts");
    await getRedis()
      ?.quit()
      .catch(() => {});
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
