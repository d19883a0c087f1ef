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
import type { Services } from "../app/services.server.ts";
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

/**
 * Loads the Remix build and gives it the process's services: the build bundles app/ as a module
 * graph of its own, so its models would otherwise build a second set (app/entry.server.tsx).
 */
async function importBuild(services: Services): Promise<ServerBuild> {
  const build = (await import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`)) as ServerBuild;
  const entry = build.entry.module as { installServices?: (services: Services) => void };
  if (typeof entry.installServices !== "function")
    throw new Error("the build's entry.server exports no installServices");
  entry.installServices(services);
  return build;
}

async function main() {
  const env = loadEnv();
  // Make the validated defaults visible to every module that reads process.env.
  process.env.DATABASE_URL = env.DATABASE_URL;
  process.env.NODE_ENV = env.mode;
  process.env.MINKA_DEMO = env.demo ? "1" : "0";
  // Every module graph must use the services built below, never build its own (app/services.server.ts).
  process.env.MINKA_COMPOSED = "1";
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
    { createServices, installServices, disposeServices },
    { prepareDatabase },
    { createApp },
    { createCollabServer },
    { createRealtimeServer },
    { createUpgradeRouter },
    { createMetrics },
    { endSessionsHook },
    { createBus, appCodecs },
    { BusRoomRelay, collabCodecs },
    { redisPrefix },
  ] = await Promise.all([
    import("../app/services.server.ts"),
    import("../app/utils/db.server.ts"),
    import("./app.ts"),
    import("./collab/index.ts"),
    import("./realtime/index.ts"),
    import("./upgrade.ts"),
    import("./metrics.ts"),
    import("./realtime/sessions.ts"),
    import("./bus/index.ts"),
    import("./collab/bus.ts"),
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
  // The composition root (docs/decisions/017): the process's services, built once here, reach the
  // server's code as arguments and the models through installServices, in this module graph and
  // in the Remix build's (installed again into every build loaded below).
  const services = createServices(env, { bus });
  installServices(services);
  const { db } = services;
  await prepareDatabase(db);
  // Reference data every database needs, demo or not: Peru and its departments (decision 019).
  const { ensureReferenceTerritories } = await import("../app/administration/territories.server.ts");
  await ensureReferenceTerritories(db);
  if (env.demo) {
    const plans = await db.plan.count();
    if (plans === 0) {
      logger.info("demo mode: loading demo data");
      const { seedDemo } = await import("../prisma/seed.ts");
      await seedDemo(db);
    }
  }
  const { deleteExpiredSessions } = await import("../app/utils/session.server.ts");
  const { deleteStaleTokens } = await import("../app/mail/tokens.server.ts");
  const sessionSweep = setInterval(
    () => {
      void deleteExpiredSessions().catch(() => {});
      void deleteStaleTokens().catch(() => {});
    },
    60 * 60 * 1000,
  );
  sessionSweep.unref();

  // Mail (docs/decisions/018): with SMTP_URL this node's sender delivers the outbox, woken when a
  // message is enqueued here and polling for those enqueued on other nodes. Without it messages
  // stay in the outbox (read at /administracion/correo in demo and development mode).
  const mail = services.mail.settings;
  let mailSender: { stop(): Promise<void> } | null = null;
  if (mail.smtpUrl) {
    const [{ createMailSender }, { createSmtpTransport }] = await Promise.all([
      import("./mail/sender.ts"),
      import("./mail/transport.ts"),
    ]);
    const sender = createMailSender({ db, settings: mail, transport: createSmtpTransport(mail.smtpUrl), logger });
    const stopWaking = services.mail.onWake(() => sender.wake());
    sender.start();
    mailSender = { stop: () => (stopWaking(), sender.stop()) };
    logger.info({ nodeId: sender.nodeId }, "mail: sending the outbox through SMTP");
  } else if (mail.status === "not-configured") {
    logger.warn("mail is not configured (SMTP_URL): messages wait in the outbox");
  }

  // Notification digests (docs/decisions/024): every node looks for due ones; a compare-and-set on
  // each person's last digest makes one node enqueue each. The outbox then sends them (or keeps
  // them, without SMTP).
  const { enqueueDueDigests } = await import("../app/mail/notifications.server.ts");
  const digests = setInterval(() => {
    enqueueDueDigests(mail.digestPeriodMs).catch((error: unknown) =>
      logger.warn({ err: error }, "mail: looking for due digests failed"),
    );
  }, mail.digestCheckMs);
  digests.unref();

  const metrics = createMetrics();
  let build = await importBuild(services);
  metrics.setBuild(build);
  if (env.mode === "development") {
    const { broadcastDevReady } = await import("@remix-run/node");
    watch(path.resolve("build/version.txt"), async () => {
      build = await importBuild(services);
      metrics.setBuild(build);
      await broadcastDevReady(build);
    });
  }

  let closing = false;
  const app = createApp({ env, services, logger, metrics, isShuttingDown: () => closing, getBuild: async () => build });
  const server = createServer(app);
  const realtime = createRealtimeServer(server, { logger, publicOrigin: env.publicOrigin, bus, redis: services.redis });
  const collab = createCollabServer({
    logger,
    publicOrigin: env.publicOrigin,
    bus: new BusRoomRelay(bus, (error, room) => logger.error({ err: error, room }, "collab: bus listener failed")),
    events: bus,
    storage: services.collabStorage,
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
    clearInterval(digests);
    detachSessionsHook();
    await Promise.allSettled([realtime.close(), collab.close(), mailSender?.stop()]);
    server.closeAllConnections();
    await disposeServices(services);
    if (databaseFile) removePidFile(databaseFile);
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
