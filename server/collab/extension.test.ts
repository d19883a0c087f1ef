import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { commitmentRooms } from "./rooms/commitment.ts";
import { defineRoomExtension } from "./extension.ts";
import { setupCollabTest } from "../../tests/support/collab-server.ts";
import { waitFor } from "../../tests/support/wait.ts";

// A kind of room the app does not have, defined here and nowhere else: the transport serves it
// with no change to room.ts, asks its access rule at the upgrade, and calls its hooks in order.

let t: Awaited<ReturnType<typeof setupCollabTest>>;

beforeAll(async () => {
  t = await setupCollabTest();
});

afterEach(async () => {
  await t?.cleanup();
});

afterAll(async () => {
  await t?.dispose();
});

/** A scratchpad room per id; `writers` may write, everyone reads; "missing" does not exist. */
function scratchRooms(writers: string[], log: string[]) {
  return defineRoomExtension<{ writers: string[] }>({
    kind: "scratch",
    loadResource: async (id) => (id === "missing" ? null : { writers }),
    onAuthenticate: (resource, user) => user !== null && resource.writers.includes(user.id),
    forRoom: (room) => ({
      onLoad: async () => void log.push(`load ${room.ref.name} (doc empty: ${room.doc.share.size === 0})`),
      afterLoad: async () => void log.push("afterLoad"),
      onChange: (count) => void log.push(`change ${count}`),
      onDisconnect: () => void log.push("disconnect"),
      onStore: async () => {
        await room.settled();
        log.push(`store "${room.doc.getText("body").toString()}"`);
      },
      onUnload: () => void log.push("unload"),
    }),
  });
}

describe("a kind of room defined outside room.ts", () => {
  it("is served with its own access rule and hooks called in order", async () => {
    const writer = await t.createUser({ name: "Escribe" });
    const reader = await t.createUser({ name: "Lee" });
    const log: string[] = [];
    const server = await t.startServer({ unloadDelayMs: 50 }, { extensions: [scratchRooms([writer.id], log)] });

    const w = await t.connectSynced(server, "scratch/notes", writer);
    const r = await t.connectSynced(server, "scratch/notes", reader);
    w.text.insert(0, "nota");
    await waitFor(() => r.text.toString() === "nota", "relayed to the reader");
    // The reader is read-only under this kind's rule: what it types is dropped.
    r.text.insert(0, "intruso ");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(w.text.toString()).toBe("nota");
    const rows = await t.rowsFor("scratch/notes");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.userId === writer.id)).toBe(true);

    // Unknown resources and kinds without an extension are refused before the handshake.
    expect(await t.rawSocket(server, "scratch/missing", writer).refused).toBe(404);
    expect(await t.rawSocket(server, "commitment/anything", writer).refused).toBe(404);

    w.destroy();
    r.destroy();
    await waitFor(() => log.includes("unload"), "the room unloaded", 5_000);
    expect(log[0]).toBe("load scratch/notes (doc empty: true)");
    expect(log[1]).toBe("afterLoad");
    const changes = log.filter((entry) => entry.startsWith("change "));
    expect(changes.length).toBeGreaterThan(0);
    expect(log.slice(2 + changes.length)).toEqual(["disconnect", "disconnect", 'store "nota"', "unload"]);
  });

  it("serves several kinds side by side, each with its own rule", async () => {
    const writer = await t.createUser({ name: "Escribe" });
    const { room } = await t.createCommitment({ team: [] });
    const server = await t.startServer({}, { extensions: [commitmentRooms, scratchRooms([writer.id], [])] });
    const scratch = await t.connectSynced(server, "scratch/side", writer);
    const draft = await t.connectSynced(server, room, writer);
    scratch.text.insert(0, "sí");
    draft.text.insert(0, "no");
    await waitFor(async () => (await t.rowsFor("scratch/side")).length > 0, "scratch stored");
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Not on the commitment's team: read-only there, so nothing of theirs is stored in it.
    expect(await t.rowsFor(room)).toEqual([]);
  });
});
