import { createHash, randomUUID } from "node:crypto";
import type { PrismaClient } from "~/utils/db.server.ts";
import { io as ioClient, type Socket } from "socket.io-client";
import { expect } from "vitest";
import WebSocket from "ws";
import { useTestDatabase } from "../factories.ts";
import { cookiesFrom, postForm, startServer, type RunningServer } from "../setup/server.ts";
import { ROLES, type AreaFixtures, type Role } from "./matrix.ts";

// Helpers of the security and privacy suites: the real server on this test file's own database
// (so a test can read and write the rows the server sees), people of every role, and live clients.

export const PASSWORD = "una frase segura";

/** The real server on this file's database (demo data loaded); the test's Prisma client sees the same rows. */
export async function startSharedServer(env: Record<string, string> = {}): Promise<RunningServer> {
  await useTestDatabase();
  return startServer({ ...env, DATABASE_URL: process.env.DATABASE_URL! });
}

export async function login(server: RunningServer, email: string, password = "minka-demo"): Promise<string> {
  const response = await postForm(server, "/ingresar", { email, password });
  expect(response.status, `login ${email}`).toBe(302);
  return cookiesFrom(response);
}

/** Registers a new person through the form; returns their email, id and session cookie. */
export async function register(server: RunningServer, name = "Persona de Prueba") {
  const { prisma } = await import("~/utils/db.server.ts");
  const email = `p-${randomUUID()}@example.pe`;
  const response = await postForm(server, "/registro", {
    name,
    email,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    consent: "on",
  });
  expect(response.status, await response.clone().text()).toBe(302);
  const user = await prisma().user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return { email, id: user.id, cookie: cookiesFrom(response) };
}

/** A socket.io client with the given cookie and Origin, connected (or refused). */
export function liveSocket(server: RunningServer, cookie: string | null, origin = server.origin): Socket {
  const headers: Record<string, string> = { Origin: origin };
  if (cookie) headers.Cookie = cookie;
  return ioClient(server.url, { transports: ["websocket"], extraHeaders: headers, reconnection: false });
}

export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
}

/** A raw collaboration websocket; resolves when open, rejects with the HTTP status when refused. */
export function collabSocket(server: RunningServer, room: string, cookie: string | null, origin = server.origin) {
  const headers: Record<string, string> = { Origin: origin };
  if (cookie) headers.Cookie = cookie;
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/collab/${room}`, { headers });
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
  return { ws, opened, closed };
}

export async function demoCommitmentId(server: RunningServer, index = 0): Promise<string> {
  const plan = (await (await fetch(`${server.url}/api/v1/plans/plan-demostracion-2027-2028`)).json()) as {
    data: { commitments: { id: string }[] };
  };
  return plan.data.commitments[index]!.id;
}

/**
 * A digest of every row of every table of the server's database (SQLite or PostgreSQL, through
 * this file's Prisma client on the same database), to show that a refused request changed nothing.
 */
export async function databaseDigest(options: { exclude?: string[]; client?: PrismaClient } = {}): Promise<string> {
  const db = await import("~/utils/db.server.ts");
  const client = options.client ?? db.prisma();
  const { isPostgresClient } = db;
  const exclude = options.exclude ?? [];
  const tables = await client.$queryRawUnsafe<{ name: string }[]>(
    isPostgresClient(client)
      ? "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const hash = createHash("sha256");
  for (const { name } of tables) {
    if (exclude.includes(name)) continue;
    const lines = isPostgresClient(client)
      ? // Every column as JSON text (enums and bytes included), which Prisma's raw queries can read.
        (await client.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`))
          .map((r) => r.row)
          .sort()
      : (await client.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`))
          .map((row) =>
            JSON.stringify(row, (_key, value: unknown) =>
              typeof value === "bigint"
                ? value.toString()
                : value instanceof Uint8Array
                  ? Buffer.from(value).toString("hex")
                  : value,
            ),
          )
          .sort();
    hash.update(`\u0000${name}\u0000${lines.join("\n")}`);
  }
  return hash.digest("hex");
}

export type RoleSessions = Record<Role, string | null>;

/** One logged-in session per role of the matrix (null for anonymous), and how to log each in again. */
export async function roleSessions(server: RunningServer) {
  const { prisma } = await import("~/utils/db.server.ts");
  const orgMember = await register(server, "Integrante de Organización");
  const organization = await prisma().organization.findFirstOrThrow({ where: { slug: "demo-colectivo-ciudadano" } });
  await prisma().user.update({ where: { id: orgMember.id }, data: { role: "ORG_MEMBER" } });
  await prisma().membership.create({ data: { userId: orgMember.id, organizationId: organization.id } });
  const credentials: Record<Exclude<Role, "anonymous">, [string, string]> = {
    citizen: ["ciudadana@minka.pe", "minka-demo"],
    orgMember: [orgMember.email, PASSWORD],
    publicServant: ["servidor@minka.pe", "minka-demo"],
    forumMember: ["foro@minka.pe", "minka-demo"],
    admin: ["admin@minka.pe", "minka-demo"],
  };
  const fresh = async (role: Role) =>
    role === "anonymous" ? null : login(server, credentials[role][0], credentials[role][1]);
  const sessions = {} as RoleSessions;
  for (const role of ROLES) sessions[role] = await fresh(role);
  return { sessions, fresh, orgMemberId: orgMember.id };
}

/** The emails of the matrix's demo people (the organisation member is registered afresh). */
const MATRIX_EMAILS = [
  "ciudadana@minka.pe",
  "servidor@minka.pe",
  "foro@minka.pe",
  "admin@minka.pe",
  "academia@minka.pe",
];

/**
 * Ids for the participation, forum and monitoring rows of the matrix, read from the demo data:
 * resources that belong to nobody of the matrix, so that only the rules decide the answers.
 */
export async function areaFixtures(server: RunningServer): Promise<AreaFixtures> {
  const { prisma } = await import("~/utils/db.server.ts");
  const people = await prisma().user.findMany({
    where: { email: { in: MATRIX_EMAILS } },
    select: { id: true, memberships: { select: { organizationId: true } } },
  });
  const ids = people.map((p) => p.id);
  const orgIds = people.flatMap((p) => p.memberships.map((m) => m.organizationId));
  // A proposal by someone outside the matrix, and a comment on it by another such person, posted
  // through the server (the demo data has none of that kind).
  const proposal = await prisma().proposal.findFirstOrThrow({
    where: { authorId: { notIn: ids }, status: { not: "WITHDRAWN" } },
    orderBy: { createdAt: "asc" },
  });
  const academia = await login(server, "academia@minka.pe");
  const posted = await postForm(
    server,
    `/propuestas/${proposal.id}`,
    { intent: "comment", body: "Un comentario de la academia para la matriz", stance: "NEUTRAL" },
    { cookie: academia },
  );
  expect(posted.status).toBe(302);
  const comment = await prisma().comment.findFirstOrThrow({
    where: { proposalId: proposal.id, body: "Un comentario de la academia para la matriz" },
  });
  const scheduled = await prisma().forumSession.findFirstOrThrow({
    where: { status: "SCHEDULED" },
    orderBy: { scheduledAt: "asc" },
  });
  const held = await prisma().forumSession.findFirstOrThrow({
    where: { status: "HELD", minutesStatus: "APPROVED", motions: { some: {} }, agreements: { some: {} } },
    include: { motions: { take: 1 }, agreements: { take: 1 } },
  });
  const organization = await prisma().organization.findFirstOrThrow({ where: { slug: "demo-colectivo-ciudadano" } });
  const reportable = await prisma().commitment.findFirstOrThrow({
    where: {
      OR: [{ leadInstitutionId: null }, { leadInstitutionId: { notIn: orgIds } }],
      team: { none: { userId: { in: ids } } },
    },
  });
  const practice =
    (await prisma().goodPractice.findFirst({ where: { status: "SUBMITTED" } })) ??
    (await prisma().goodPractice.findFirstOrThrow());
  // The server signs a checkpoint when it starts; the demo proposal's publication is in the record.
  const checkpoint = await prisma().ledgerCheckpoint.findFirstOrThrow({ orderBy: { size: "asc" } });
  const published = await prisma().ledgerEntry.findFirstOrThrow({
    where: { kind: "proposal.published", subjectType: "proposal", subjectId: proposal.id },
  });
  return {
    checkpointSize: checkpoint.size,
    proposalEntrySeq: published.seq,
    proposalId: proposal.id,
    commentId: comment.id,
    scheduledSessionId: scheduled.id,
    heldSessionId: held.id,
    motionId: held.motions[0]!.id,
    agreementId: held.agreements[0]!.id,
    organizationId: organization.id,
    reportableCommitmentId: reportable.id,
    practiceId: practice.id,
  };
}
