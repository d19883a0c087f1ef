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
 * `options.owners` names other owners for some client ids (the shape upgrade writes each converted
 * text with a client id of the person who wrote it; see upgrade.server.ts).
 */
export async function storeServerUpdate(
  room: string,
  data: Uint8Array,
  owner: Owner,
  options: { announce?: boolean; owners?: ReadonlyMap<number, Owner> } = {},
): Promise<number> {
  const bytes = new Uint8Array(data);
  const clientIds = structClientIds(Y.decodeUpdate(bytes));
  const [row] = await prisma().$transaction([
    prisma().collabUpdate.create({
      data: { room, data: bytes, userId: owner.userId, sector: owner.sector },
      select: { id: true },
    }),
    ...clientIds.map((clientId) => recordAuthor(room, clientId, options.owners?.get(clientId) ?? owner)),
  ]);
  const id = (row as { id: number }).id;
  if (options.announce ?? true) {
    eventBus().publish("collab.update", { room, id, data: bytes, userId: owner.userId, clientIds });
  }
  return id;
}

/**
 * The client ids that wrote the commitment's initial text (credited as such, not to a person):
 * those of the room's first server-authored update (the seed), and the one that wrote the shape
 * marker in a later server-authored update (the upgrade: it writes the text nobody else wrote).
 */
export async function initialTextClientIds(room: string): Promise<Set<number>> {
  const rows = await prisma().collabUpdate.findMany({
    where: { room, userId: null },
    orderBy: { id: "asc" },
    select: { data: true },
  });
  const ids = new Set<number>();
  rows.forEach((row, index) => {
    let decoded: DecodedUpdate;
    try {
      decoded = Y.decodeUpdate(row.data);
    } catch {
      return;
    }
    if (index === 0) for (const id of structClientIds(decoded)) ids.add(id);
    for (const struct of decoded.structs) {
      // A decoded struct names its parent by key (a string) when it is a root type.
      const parent = struct instanceof Y.Item ? (struct.parent as unknown) : null;
      if (parent === "meta" && (struct as Y.Item).parentSub === "shape") ids.add(struct.id.client);
    }
  });
  return ids;
}
