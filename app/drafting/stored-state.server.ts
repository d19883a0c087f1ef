import type { Logger } from "pino";
import * as Y from "yjs";
import { collabStorage, type CollabStorage, type StoredRows } from "./storage.server.ts";

// Hook "load": a room's document is the last CollabSnapshot plus every CollabUpdate stored after
// it (id > upToId), applied in id order. The room serves nobody until this has finished (see
// Room.load), so a client never syncs against a partial document and then pushes the "missing"
// part back as if it were new.

export type StoredState = {
  /** Bytes read (snapshot plus updates): the starting estimate of the document's size. */
  bytes: number;
  /** Updates stored after the snapshot: how far the room is from its next compaction. */
  updatesAfterSnapshot: number;
  /** The id of the last update applied (0 if none). */
  lastId: number;
};

/**
 * Applies a stored state to `doc`. A row that fails to apply (which validation before storing
 * should make impossible) is logged and skipped, so one bad row cannot lock a room forever.
 */
export function applyStoredState(
  doc: Y.Doc,
  snapshot: { state: Uint8Array; upToId: number } | null,
  rows: readonly { id: number; data: Uint8Array }[],
  log: (error: unknown, what: string) => void,
): StoredState {
  let bytes = 0;
  let lastId = snapshot?.upToId ?? 0;
  if (snapshot) {
    try {
      Y.applyUpdate(doc, snapshot.state);
      bytes += snapshot.state.length;
    } catch (error) {
      log(error, "snapshot");
    }
  }
  for (const row of rows) {
    try {
      Y.applyUpdate(doc, row.data);
      bytes += row.data.length;
    } catch (error) {
      log(error, `update ${row.id}`);
    }
    lastId = row.id;
  }
  return { bytes, updatesAfterSnapshot: rows.length, lastId };
}

/** Reads a room's snapshot and later updates from the database. */
export function readStoredState(room: string, storage: CollabStorage = collabStorage()): Promise<StoredRows> {
  return storage.readState(room);
}

/** Loads a room's stored state into `doc`. */
export async function loadDocument(
  room: string,
  doc: Y.Doc,
  logger: Logger,
  storage: CollabStorage = collabStorage(),
): Promise<StoredState> {
  const { snapshot, rows } = await readStoredState(room, storage);
  return applyStoredState(doc, snapshot, rows, (error, what) =>
    logger.error({ err: error, room }, `collab: stored ${what} does not apply; skipped`),
  );
}
