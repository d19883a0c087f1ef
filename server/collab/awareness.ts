import type { CollabIdentity } from "../../app/collab/protocol.ts";
import type { Connection } from "./connection.ts";
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from "./messages.ts";

// The server owns identity in awareness (presence: who is here, their cursor, their colour).
// For every entry of a client's awareness update:
// - the entry must be for a client id this connection speaks for: the first connection to send a
//   client id claims it (up to a few per connection); another connection of the SAME user may take
//   it over (a reconnect after a network blip arrives before the dead socket is noticed); anybody
//   else's entries are dropped, so nobody can edit or erase someone else's presence;
// - the server's own client id is never accepted;
// - the state's `user` field is replaced by the identity the session gives (see identityFor).

export type AwarenessOwners = Map<number, Connection>;

/**
 * Filters and rewrites a client's awareness update; returns the update to apply to the room's
 * awareness, or null if nothing is left. Throws MalformedMessage for a malformed update.
 */
export function sanitizeAwarenessUpdate(
  update: Uint8Array,
  conn: Connection,
  owners: AwarenessOwners,
  serverClientId: number,
  limits: { maxStateBytes: number; maxClientsPerConnection: number },
): Uint8Array | null {
  const entries = decodeAwarenessUpdate(update, limits.maxStateBytes);
  const accepted: typeof entries = [];
  for (const entry of entries) {
    if (entry.clientId === serverClientId) continue;
    if (!claim(entry.clientId, conn, owners, limits.maxClientsPerConnection)) continue;
    accepted.push({ ...entry, state: entry.state === null ? null : withIdentity(entry.state, conn.access.identity) });
  }
  return accepted.length > 0 ? encodeAwarenessUpdate(accepted) : null;
}

function claim(clientId: number, conn: Connection, owners: AwarenessOwners, max: number): boolean {
  const owner = owners.get(clientId);
  if (owner === conn) return true;
  if (owner && !(owner.closing || sameUser(owner, conn))) return false;
  if (conn.awarenessClientIds.size >= max) return false;
  owner?.awarenessClientIds.delete(clientId);
  owners.set(clientId, conn);
  conn.awarenessClientIds.add(clientId);
  return true;
}

function sameUser(a: Connection, b: Connection): boolean {
  const id = a.access.user?.id;
  return id !== undefined && id === b.access.user?.id;
}

function withIdentity(state: Record<string, unknown>, identity: CollabIdentity): Record<string, unknown> {
  return { ...state, user: { ...identity } };
}

/** Forgets a closed connection's client ids; returns those whose states must be removed. */
export function releaseAwareness(conn: Connection, owners: AwarenessOwners): number[] {
  const released: number[] = [];
  for (const clientId of conn.awarenessClientIds) {
    if (owners.get(clientId) === conn) {
      owners.delete(clientId);
      released.push(clientId);
    }
  }
  conn.awarenessClientIds.clear();
  return released;
}
