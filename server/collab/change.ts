import * as Y from "yjs";
import { prisma } from "../../app/utils/db.server.ts";
import type { DecodedUpdate } from "../../app/drafting/authors.server.ts";
import { MalformedMessage } from "./messages.ts";

// Hook "change": an update from a read-write client is
//   1. validated: parsed completely (every struct, every content, the delete set) without touching
//      the shared document, so a truncated or corrupt update is refused before anything happens
//      (parseUpdate; read-only clients' updates are parsed too, then dropped);
//   2. skipped if it brings nothing new (a reconnecting client's sync step 2 re-sends its whole
//      delete set, and duplicates are common), so the log only holds real changes;
//   3. checked for impersonation (its new structs may not use a client id another person owns;
//      see ownership.ts), then appended to CollabUpdate with its author and the author's sector,
//      together with a CollabAuthor row for each client id it introduces (app/drafting/storage.server.ts);
//   4. only then applied to the room's document and published on the bus for relaying.
// Steps 3–4 run in Room's write queue, in arrival order: what arrives in one turn of the event loop
// is stored in one transaction (group commit), then applied and relayed. If step 4 ever throws on an
// update that passed step 1, the row is deleted again and the room is reset from storage.

/** Parses a whole update without touching any document; throws MalformedMessage. */
export function parseUpdate(update: Uint8Array): DecodedUpdate {
  try {
    return Y.decodeUpdate(update);
  } catch {
    throw new MalformedMessage("invalid Yjs update");
  }
}

/** Whether everything in a parsed update is already in `doc` (its structs and its deletions). */
export function isRedundant(doc: Y.Doc, { structs, ds }: DecodedUpdate): boolean {
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return false;
  }
  if (ds.clients.size === 0) return true;
  const known = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of ds.clients) {
    const deleted = known.clients.get(client) ?? [];
    for (const item of items) {
      if (item.len > 0 && !rangeCovered(deleted, item.clock, item.len)) return false;
    }
  }
  return true;
}

/** Whether [clock, clock+len) lies within the sorted, merged ranges. */
function rangeCovered(ranges: readonly { clock: number; len: number }[], clock: number, len: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const range = ranges[mid]!;
    if (range.clock + range.len <= clock) lo = mid + 1;
    else if (range.clock > clock) hi = mid - 1;
    else return clock + len <= range.clock + range.len;
  }
  return false;
}

/** Removes an update that turned out not to apply (see above). */
export async function discardUpdate(id: number): Promise<void> {
  await prisma().collabUpdate.deleteMany({ where: { id } });
}
