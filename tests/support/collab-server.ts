// Shared by server/collab/*.test.ts, app/drafting/drafts.server.test.ts and
// tests/integration/drafting-collab.test.ts: the collaboration server alone (server/collab) on a
// real port, with a private SQLite database per test file, users with real sessions, commitments
// and forum sessions, and clients: the stock y-websocket WebsocketProvider (with `ws` as its
// WebSocket) and raw sockets for malformed input.
//
// The database is the per-file copy of the migrated template that tests/support/per-file-database.ts
// points DATABASE_URL at (a fresh migrated file when run without that setup). App modules are
// imported only after DATABASE_URL is settled, hence the dynamic imports in `setupCollabTest`.

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { Prisma } from "../../app/generated/prisma/client.ts";
import type { CommitmentStatus, PlatformRole, Sector } from "../../app/generated/prisma/enums.ts";
import type { CollabServer, CollabServerOptions, CollabTuning } from "../../server/collab/index.ts";
import { socketClassWithHeaders } from "./collab.ts";
import { waitFor } from "./wait.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type TestUser = { id: string; name: string; token: string; cookie: string };

export type TestServer = {
  collab: CollabServer;
  http: Server;
  /** ws://…/collab, the URL given to WebsocketProvider. */
  url: string;
  /** http://host:port, the Origin a same-origin page sends. */
  origin: string;
  stop(): Promise<void>;
};

export type TestClient = {
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  destroy(): void;
};

/** The per-file test database when the setup provided one; otherwise a fresh migrated file. */
function testDatabase(): { databaseUrl: string; dir: string | null } {
  const given = process.env.DATABASE_URL;
  if (given?.startsWith("file:") && existsSync(given.slice("file:".length))) return { databaseUrl: given, dir: null };
  if (given && /^postgres(ql)?:\/\//.test(given)) return { databaseUrl: given, dir: null };
  const dir = mkdtempSync(path.join(os.tmpdir(), "minka-collab-"));
  const databaseUrl = `file:${path.join(dir, "collab.db")}`;
  process.env.DATABASE_URL = databaseUrl;
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
  return { databaseUrl, dir };
}

export async function setupCollabTest() {
  const { dir } = testDatabase();
  const { prisma, prepareDatabase } = await import("../../app/utils/db.server.ts");
  const { createSession, markSecondFactorVerified, SESSION_COOKIE } = await import("../../app/utils/session.server.ts");
  const { createCollabServer } = await import("../../server/collab/index.ts");
  await prepareDatabase();

  await prisma().territory.create({ data: { id: "PE", name: "Perú", level: "COUNTRY" } });
  await prisma().plan.create({
    data: {
      id: "plan-test",
      name: "Plan de prueba",
      periodStart: 2026,
      periodEnd: 2028,
      scope: "NATIONAL",
      territoryId: "PE",
      phase: "CO_CREATION",
    },
  });
  const logger = pino({ level: process.env.COLLAB_TEST_LOG ?? "silent" });
  let commitmentNumber = 0;
  let userNumber = 0;
  const servers = new Set<TestServer>();
  const clients = new Set<TestClient>();
  const sockets = new Set<WebSocket>();

  async function createUser(options: { name?: string; role?: PlatformRole; sector?: Sector } = {}): Promise<TestUser> {
    const n = ++userNumber;
    const user = await prisma().user.create({
      data: {
        email: `user${n}@example.pe`,
        name: options.name ?? `Persona ${n}`,
        passwordHash: "x",
        role: options.role ?? "CITIZEN",
      },
    });
    if (options.sector) {
      const organization = await prisma().organization.create({
        data: { slug: `org-${n}`, name: `Organización ${n}`, kind: "ORGANIZATION", sector: options.sector },
      });
      await prisma().membership.create({ data: { userId: user.id, organizationId: organization.id } });
    }
    const { token, id: sessionId } = await createSession(user.id);
    // An administrator's session counts once a second factor passed (docs/decisions/023): these
    // people are logged in as if they had passed it.
    if (user.role === "ADMIN") await markSecondFactorVerified(sessionId);
    return { id: user.id, name: user.name, token, cookie: `${SESSION_COOKIE}=${token}` };
  }

  async function createCommitment(
    options: {
      team?: TestUser[];
      status?: CommitmentStatus;
      data?: Partial<Prisma.CommitmentUncheckedCreateInput>;
    } = {},
  ) {
    const commitment = await prisma().commitment.create({
      data: {
        planId: "plan-test",
        number: ++commitmentNumber,
        title: `Compromiso ${commitmentNumber}`,
        status: options.status ?? "DRAFT",
        ...options.data,
        team: { create: (options.team ?? []).map((user) => ({ userId: user.id })) },
      },
    });
    return { id: commitment.id, room: `commitment/${commitment.id}` };
  }

  async function createForumSession() {
    const session = await prisma().forumSession.create({
      data: { title: "Sesión ordinaria", scheduledAt: new Date("2026-12-01T15:00:00Z") },
    });
    return { id: session.id, room: `session/${session.id}` };
  }

  async function startServer(
    tuning: Partial<CollabTuning> = {},
    options: Pick<CollabServerOptions, "extensions"> = {},
  ): Promise<TestServer> {
    const collab = createCollabServer({ logger, publicOrigin: null, tuning, ...options });
    const http = createServer((_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    http.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    const server: TestServer = {
      collab,
      http,
      url: `ws://127.0.0.1:${port}/collab`,
      origin: `http://127.0.0.1:${port}`,
      async stop() {
        servers.delete(server);
        await collab.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      },
    };
    servers.add(server);
    return server;
  }

  /** A y-websocket client; `user` null is an anonymous visitor. */
  function connect(
    server: TestServer,
    room: string,
    user: TestUser | null,
    options: { origin?: string; connect?: boolean } = {},
  ): TestClient {
    const headers: Record<string, string> = { Origin: options.origin ?? server.origin };
    if (user) headers.Cookie = user.cookie;
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.url, room, doc, {
      WebSocketPolyfill: socketClassWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 100,
      connect: options.connect ?? true,
    });
    const closes: { code: number; reason: string }[] = [];
    provider.on("connection-close", (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });
    const client: TestClient = {
      doc,
      text: doc.getText("body"),
      provider,
      closes,
      destroy() {
        clients.delete(client);
        provider.destroy();
        doc.destroy();
      },
    };
    clients.add(client);
    return client;
  }

  async function connectSynced(server: TestServer, room: string, user: TestUser | null): Promise<TestClient> {
    const client = connect(server, room, user);
    await waitFor(() => client.provider.synced, `${user?.name ?? "anonymous"} synced`);
    return client;
  }

  /** A raw socket to a room, for sending frames no real client would. */
  function rawSocket(server: TestServer, room: string, user: TestUser | null, origin: string | null = server.origin) {
    const headers: Record<string, string> = {};
    if (origin) headers.Origin = origin;
    if (user) headers.Cookie = user.cookie;
    const ws = new WebSocket(`${server.url}/${room}`, { headers });
    sockets.add(ws);
    const messages: Uint8Array[] = [];
    ws.on("message", (data: Buffer) => messages.push(new Uint8Array(data)));
    ws.on("error", () => {});
    const opened = new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("close", () => reject(new Error("closed before open")));
    });
    opened.catch(() => {});
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once("close", (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() })),
    );
    const refused = new Promise<number>((resolve) =>
      ws.once("unexpected-response", (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        ws.terminate();
      }),
    );
    return { ws, messages, opened, closed, refused };
  }

  /**
   * The updates clients stored in a room. A commitment room's first row is the server's seed from
   * the database (userId null; see seed.ts), left out here; `serverRows` includes it.
   */
  async function rowsFor(room: string, options: { serverRows?: boolean } = {}) {
    return prisma().collabUpdate.findMany({
      where: { room, ...(options.serverRows ? {} : { userId: { not: null } }) },
      orderBy: { id: "asc" },
    });
  }

  /** Destroys every client and socket and stops every server the test started. */
  async function cleanup() {
    for (const client of [...clients]) client.destroy();
    for (const ws of sockets) ws.terminate();
    sockets.clear();
    for (const server of [...servers]) await server.stop();
  }

  /** After the file's last test: closes the database and deletes its directory. */
  async function dispose() {
    await cleanup();
    await prisma().$disconnect();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  return {
    prisma: prisma(),
    createUser,
    createCommitment,
    createForumSession,
    startServer,
    connect,
    connectSynced,
    rawSocket,
    rowsFor,
    cleanup,
    dispose,
  };
}
