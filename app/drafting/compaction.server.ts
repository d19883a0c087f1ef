import type { Logger } from "pino";
import * as Y from "yjs";
import { applyStoredState, readStoredState } from "./stored-state.server.ts";
import { collabStorage, type CollabStorage } from "./storage.server.ts";

// Hook "store" (compaction): every `compactEvery` stored updates, and when a room unloads, its
// snapshot and the updates after it are merged into a new CollabSnapshot (garbage-collected Yjs
// state) with `upToId` = the last update folded in. Loading then reads one snapshot and a short
// tail instead of the whole log.
//
// The CollabUpdate rows are KEPT, data included: they are the platform's record of who wrote what
// in each commitment and in the minutes, and from which sector (accountability is the point of an
// open-government plan), and any past version can be rebuilt from them. Only the snapshot is
// rewritten. Rows are small (tens of bytes per keystroke batch); if storage ever matters, a
// retention job may clear `data` of rows with id <= the snapshot's upToId without affecting
// loading, which never reads them again.
//
// Compaction works from the database, not from the live document, so it can run in the
// background while the room keeps editing, and from any process when several share the rooms.
// The snapshot only moves forward: a compaction that finishes after a newer one changes nothing.

export type CompactionResult = { upToId: number; bytes: number; folded: number };

/** Folds a room's updates into its snapshot; null when there was nothing to fold. */
export async function compactRoom(
  room: string,
  logger: Logger,
  storage: CollabStorage = collabStorage(),
): Promise<CompactionResult | null> {
  const { snapshot, rows } = await readStoredState(room, storage);
  if (rows.length === 0) return null;
  const doc = new Y.Doc();
  let upToId: number;
  let state: Uint8Array<ArrayBuffer>;
  try {
    ({ lastId: upToId } = applyStoredState(doc, snapshot, rows, (error, what) =>
      logger.error({ err: error, room }, `collab: stored ${what} does not apply; left out of the snapshot`),
    ));
    state = new Uint8Array(Y.encodeStateAsUpdate(doc));
  } finally {
    doc.destroy();
  }
  // False when a snapshot as new was written meanwhile (by another compaction or process).
  if (!(await storage.saveSnapshot(room, state, upToId))) return null;
  return { upToId, bytes: state.length, folded: rows.length };
}
