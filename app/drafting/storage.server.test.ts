import { describe, expect, it } from "vitest";
import { createUser, useTestDatabase } from "../../tests/support/factories.ts";
import { prisma, sqliteConnection } from "~/utils/db.server.ts";
import { PrismaCollabStorage, SqliteCollabStorage, sqliteTimestamp, type CollabStorage } from "./storage.server.ts";

// The same contract for both implementations: the SQLite one the server uses by default, and the
// Prisma one used for any other database (and the model for PostgreSQL).

const bytes = (...values: number[]) => new Uint8Array(values);

const implementations: [string, () => CollabStorage][] = [
  [
    "SqliteCollabStorage",
    () => new SqliteCollabStorage(() => sqliteConnection(prisma()), new PrismaCollabStorage(prisma())),
  ],
  ["PrismaCollabStorage", () => new PrismaCollabStorage(prisma())],
];

describe.each(implementations)("%s", (name, make) => {
  it("appends in order with author and sector, first writer of a client id wins", async () => {
    await useTestDatabase();
    const storage = make();
    const ana = await createUser({ name: "Ana" });
    const bob = await createUser({ name: "Bob" });
    const room = `test/${name}/append`;
    const before = Date.now();
    const ids = await storage.append(room, [
      { data: bytes(1), userId: ana.id, sector: "ACADEMIA", newClientIds: [11, 12] },
      { data: bytes(2), userId: bob.id, sector: null, newClientIds: [12, 13] },
      { data: bytes(3), userId: null, sector: null },
    ]);
    expect(ids).toHaveLength(3);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const more = await storage.append(room, [{ data: bytes(4), userId: bob.id, sector: null, newClientIds: [11] }]);
    expect(more[0]).toBeGreaterThan(ids[2]!);

    const rows = await prisma().collabUpdate.findMany({ where: { room }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.id, [...row.data], row.userId, row.sector])).toEqual([
      [ids[0], [1], ana.id, "ACADEMIA"],
      [ids[1], [2], bob.id, null],
      [ids[2], [3], null, null],
      [more[0], [4], bob.id, null],
    ]);
    // Timestamps Prisma reads back and compares like its own.
    for (const row of rows) expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await prisma().collabUpdate.count({ where: { room, createdAt: { gte: new Date(before - 1000) } } })).toBe(4);

    const authors = await prisma().collabAuthor.findMany({ where: { room }, orderBy: { clientId: "asc" } });
    expect(authors.map((row) => [Number(row.clientId), row.userId, row.sector])).toEqual([
      [11, ana.id, "ACADEMIA"],
      [12, ana.id, "ACADEMIA"],
      [13, bob.id, null],
    ]);
  });

  it("lets several writers record the same new client id at once (nodes opening one room)", async () => {
    await useTestDatabase();
    const storage = make();
    const ana = await createUser({ name: "Ana" });
    const room = `test/${name}/race`;
    // Each round, four batches introduce the same client id concurrently; on PostgreSQL they run
    // on separate pooled connections, as two nodes seeding a room would.
    for (let round = 0; round < 20; round += 1) {
      const clientId = 1000 + round;
      const results = await Promise.allSettled(
        [0, 1, 2, 3].map((i) =>
          storage.append(room, [
            { data: bytes(round, i), userId: ana.id, sector: "ACADEMIA", newClientIds: [clientId] },
          ]),
        ),
      );
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    }
    expect(await prisma().collabUpdate.count({ where: { room } })).toBe(80);
    const authors = await prisma().collabAuthor.findMany({ where: { room } });
    expect(authors).toHaveLength(20);
    expect(authors.every((row) => row.userId === ana.id && row.sector === "ACADEMIA")).toBe(true);
  });

  it("stores nothing of a batch that fails", async () => {
    await useTestDatabase();
    const storage = make();
    const room = `test/${name}/atomic`;
    await expect(
      storage.append(room, [
        { data: bytes(1), userId: null, sector: null },
        { data: bytes(2), userId: "no-such-user", sector: null },
      ]),
    ).rejects.toThrow();
    expect(await prisma().collabUpdate.count({ where: { room } })).toBe(0);
  });

  it("reads the snapshot and the updates after it; a snapshot never moves backwards", async () => {
    await useTestDatabase();
    const storage = make();
    const room = `test/${name}/snapshot`;
    expect(await storage.readState(room)).toEqual({ snapshot: null, rows: [] });
    const ids = await storage.append(
      room,
      [1, 2, 3, 4].map((n) => ({ data: bytes(n), userId: null, sector: null })),
    );

    expect(await storage.saveSnapshot(room, bytes(9, 9), ids[1]!)).toBe(true);
    let state = await storage.readState(room);
    expect(state.snapshot && { state: [...state.snapshot.state], upToId: state.snapshot.upToId }).toEqual({
      state: [9, 9],
      upToId: ids[1],
    });
    expect(state.rows.map((row) => [row.id, [...row.data]])).toEqual([
      [ids[2], [3]],
      [ids[3], [4]],
    ]);

    expect(await storage.saveSnapshot(room, bytes(8), ids[0]!)).toBe(false);
    expect(await storage.saveSnapshot(room, bytes(8), ids[1]!)).toBe(false);
    expect(await storage.saveSnapshot(room, bytes(7, 7, 7), ids[3]!)).toBe(true);
    state = await storage.readState(room);
    expect(state.snapshot?.upToId).toBe(ids[3]);
    expect([...state.snapshot!.state]).toEqual([7, 7, 7]);
    expect(state.rows).toEqual([]);
    const row = await prisma().collabSnapshot.findUniqueOrThrow({ where: { room } });
    expect(Date.now() - row.updatedAt.getTime()).toBeLessThan(60_000);
  });
});

describe("SqliteCollabStorage", () => {
  it("never writes inside a transaction Prisma has open on the same connection", async () => {
    await useTestDatabase();
    const storage = implementations[0]![1]();
    const room = "test/sqlite/interleaved";
    let appended: Promise<number[]> | null = null;
    await expect(
      prisma().$transaction(async (tx) => {
        await tx.collabUpdate.create({ data: { room, data: bytes(1) } });
        // Started while the transaction is open: it must wait for it, not join it.
        appended = storage.append(room, [{ data: bytes(2), userId: null, sector: null }]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const ids = await appended!;
    const rows = await prisma().collabUpdate.findMany({ where: { room } });
    expect(rows.map((row) => [row.id, [...row.data]])).toEqual([[ids[0], [2]]]);
  });

  it("writes DateTimes the way Prisma's adapter does", () => {
    expect(sqliteTimestamp(new Date("2026-11-26T21:14:42.287Z"))).toBe("2026-11-26T21:14:42.287+00:00");
  });
});
