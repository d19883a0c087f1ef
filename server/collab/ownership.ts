import * as Y from "yjs";
import type { DecodedUpdate, Owner } from "../../app/drafting/authors.server.ts";
import { MalformedMessage } from "./messages.ts";

// The impersonation check at the door: who owns each client id is the drafting domain's record
// (app/drafting/authors.server.ts); a connection whose new structs use a client id another person
// owns is closed with MALFORMED_MESSAGE, and nothing it sent is stored.

/**
 * Distinct client ids of the structs in `decoded` that `doc` does not have yet: the ids the
 * update writes with. Structs a client re-sends (already known) do not count.
 */
export function newStructClientIds(doc: Y.Doc, { structs }: DecodedUpdate): number[] {
  const ids = new Set<number>();
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) ids.add(struct.id.client);
  }
  return [...ids];
}

/**
 * Checks that a person may write with these client ids; returns the ones nobody owns yet.
 * Throws MalformedMessage when one belongs to someone else.
 */
export function checkOwnership(
  owners: ReadonlyMap<number, Owner>,
  clientIds: readonly number[],
  userId: string | null,
): number[] {
  const unowned: number[] = [];
  for (const clientId of clientIds) {
    const owner = owners.get(clientId);
    if (!owner) unowned.push(clientId);
    else if (owner.userId !== userId) throw new MalformedMessage("client id owned by another person");
  }
  return unowned;
}
