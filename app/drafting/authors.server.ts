import * as Y from "yjs";
import type { Sector } from "~/generated/prisma/enums.ts";
import { isPostgresClient, prisma } from "~/utils/db.server.ts";
import { eventBus } from "~/utils/bus.server.ts";

// Attribution: every Yjs item carries the client id of the document that created it, so "who
// wrote this" is "who owns this client id in this room". CollabAuthor records the owner of each
// client id, written in the same transaction as the first update that introduced it: the first
// writer wins, and a later update from another person whose new structs use a client id that is
// already owned is impersonation (the transport refuses it: server/collab/ownership.ts).
//
// Server-authored updates (the seed of a new room: userId null; a restore: the restoring person)
// are generated on a fresh Y.Doc, so their client ids are new too and recorded the same way.

/** A Yjs update, decoded (structs and delete set). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/** Who a client id belongs to: a person's id, or null for the server (the seed from the database). */
export type Owner = { userId: string | null; sector: Sector | null };

/** Distinct client ids of an update's structs (items and GC ranges; skips carry no content). */
export function structClientIds({ structs }: DecodedUpdate): number[] {
  const ids = new Set<number>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    ids.add(struct.id.client);
  }
  return [...ids];
}

/** The owners of a room's client ids, as recorded. */
export async function loadOwners(room: string): Promise<Map<number, Owner>> {
  const rows = await prisma().collabAuthor.findMany({
    where: { room },
    select: { clientId: true, userId: true, sector: true },
  });
  return new Map(rows.map((row) => [Number(row.clientId), { userId: row.userId, sector: row.sector }]));
}

/**
 * The insert-if-absent (first writer wins) of one CollabAuthor row, for use inside a batch
 * transaction. On PostgreSQL several nodes may open the same room at once and record the same
 * (deterministic) seed client id: Prisma's upsert reads then inserts, so one of them would fail on
 * the primary key; `ON CONFLICT DO NOTHING` lets both succeed. SQLite has one writer at a time.
 */
export function recordAuthor(room: string, clientId: number, owner: Owner) {
  if (isPostgresClient(prisma())) {
    return prisma().$executeRaw`INSERT INTO "CollabAuthor" ("room", "clientId", "userId", "sector")
      VALUES (${room}, ${BigInt(clientId)}, ${owner.userId}, ${owner.sector}::"Sector")
      ON CONFLICT ("room", "clientId") DO NOTHING`;
  }
  return prisma().collabAuthor.upsert({
    where: { room_clientId: { room, clientId: BigInt(clientId) } },
    create: { room, clientId: BigInt(clientId), userId: owner.userId, sector: owner.sector },
    update: {},
  });
}

/**
 * Stores an update made by the server on someone's behalf (or, with userId null, by the server
 * itself), records its client ids, and announces it on the event bus to the loaded rooms of every node.
 */
export async function storeServerUpdate(
  room: string,
  data: Uint8Array,
  owner: Owner,
  options: { announce?: boolean } = {},
): Promise<number> {
  const bytes = new Uint8Array(data);
  const clientIds = structClientIds(Y.decodeUpdate(bytes));
  const [row] = await prisma().$transaction([
    prisma().collabUpdate.create({
      data: { room, data: bytes, userId: owner.userId, sector: owner.sector },
      select: { id: true },
    }),
    ...clientIds.map((clientId) => recordAuthor(room, clientId, owner)),
  ]);
  const id = (row as { id: number }).id;
  if (options.announce ?? true) {
    eventBus().publish("collab.update", { room, id, data: bytes, userId: owner.userId, clientIds });
  }
  return id;
}
