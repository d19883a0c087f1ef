import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { collabClient } from "../support/collab.ts";
import type { RunningServer } from "../support/server.ts";
import { LIVE_ROOMS, ROLES, type LiveFixtures } from "./matrix.ts";
import {
  connected,
  demoCommitmentId,
  liveSocket,
  roleSessions,
  startSharedServer,
  type RoleSessions,
} from "./support.ts";

// The live side of the authorisation matrix: collaboration rooms (matrix.ts, LIVE_ROOMS) and the
// private socket.io rooms, as every role.

let server: RunningServer;
let sessions: RoleSessions;
let fixtures: LiveFixtures;
let ids: Record<string, string>;

beforeAll(async () => {
  server = await startSharedServer();
  const roles = await roleSessions(server);
  sessions = roles.sessions;
  const approved = await prisma().commitment.findFirstOrThrow({ where: { status: "APPROVED" }, select: { id: true } });
  // A session whose minutes are still open (approved minutes are frozen for everyone).
  const forumSession = await prisma().forumSession.findFirstOrThrow({
    where: { minutesStatus: { not: "APPROVED" }, status: { not: "CANCELLED" } },
    orderBy: { scheduledAt: "asc" },
    select: { id: true },
  });
  fixtures = {
    draftCommitmentId: await demoCommitmentId(server, 0),
    approvedCommitmentId: approved.id,
    forumSessionId: forumSession.id,
  };
  const emails = {
    citizen: "ciudadana@minka.pe",
    publicServant: "servidor@minka.pe",
    forumMember: "foro@minka.pe",
    admin: "admin@minka.pe",
  };
  ids = { orgMember: roles.orgMemberId };
  for (const [role, email] of Object.entries(emails)) {
    ids[role] = (await prisma().user.findUniqueOrThrow({ where: { email } })).id;
  }
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function join(room: string, cookie: string | null) {
  // y-websocket's own reconnection back-off: a refused client retries at the browser's pace.
  return collabClient(server, room, cookie, { maxBackoffTime: 2_500 });
}

async function roomDigest(room: string) {
  const [updates, authors, ledger] = await Promise.all([
    prisma().collabUpdate.findMany({ where: { room }, orderBy: { id: "asc" } }),
    prisma().collabAuthor.findMany({ where: { room }, orderBy: { clientId: "asc" } }),
    prisma().ledgerEntry.count(),
  ]);
  return JSON.stringify({ updates, authors, ledger }, (_key, value: unknown) =>
    typeof value === "bigint"
      ? value.toString()
      : value instanceof Uint8Array
        ? Buffer.from(value).toString("hex")
        : value,
  );
}

async function storedUpdates(room: string) {
  return prisma().collabUpdate.count({ where: { room } });
}

describe("collaboration rooms × roles", () => {
  for (const live of LIVE_ROOMS) {
    it(live.name, async () => {
      const room = live.room(fixtures);
      const order = [...ROLES].sort((a, b) => Number(live.expect[a] === "write") - Number(live.expect[b] === "write"));
      for (const role of order) {
        const client = join(room, sessions[role]);
        try {
          await expect.poll(() => client.provider.synced, { timeout: 15_000, message: `${role} syncs` }).toBe(true);
          const before = await storedUpdates(room);
          // What a write would leave: the room's stored updates and authors, and the public record.
          // (Not the whole database: rooms left by earlier cases compact and project in the background.)
          const digest = await roomDigest(room);
          live.edit(client.doc, `marca ${role} ${randomUUID()}`);
          if (live.expect[role] === "write") {
            await expect.poll(() => storedUpdates(room), { message: `${role} writes` }).toBeGreaterThan(before);
          } else {
            await new Promise((resolve) => setTimeout(resolve, 700));
            expect(await storedUpdates(room), `${role} must not write`).toBe(before);
            expect(await roomDigest(room), `${role}: the room's rows changed`).toBe(digest);
          }
        } finally {
          client.destroy();
        }
      }
    });
  }
});

describe("private socket.io rooms × roles", () => {
  it("lets each person follow their own user room and nobody else's", async () => {
    for (const role of ROLES) {
      const socket = liveSocket(server, sessions[role]);
      try {
        await connected(socket);
        const rooms = Object.entries(ids).map(([, id]) => `user:${id}`);
        const ack = (await socket.timeout(2000).emitWithAck("live:subscribe", { rooms })) as { refused: string[] };
        const own = role === "anonymous" ? [] : [`user:${ids[role]}`];
        expect(ack.refused.sort(), role).toEqual(rooms.filter((room) => !own.includes(room)).sort());
      } finally {
        socket.close();
      }
    }
  });
});
