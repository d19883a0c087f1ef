import * as encoding from "lib0/encoding";
import type { Awareness } from "y-protocols/awareness";
import type { Connection } from "./connection.ts";
import { decodeAwarenessUpdate, encodeAwarenessMessage, encodeAwarenessUpdate } from "./messages.ts";

// The server owns identity in awareness (presence: who is here, their cursor, their colour).
//
// A connection speaks only for the awareness client ids it claimed. Claiming needs care because
// the stock y-websocket client re-broadcasts every awareness change it receives, other clients'
// included: most entries a connection sends are echoes of states the server sent it. So:
// - an id the server has ever sent to this connection is an echo, never a claim (dropped);
// - an unclaimed id is claimed by the first connection that sends a state for it (up to a few
//   per connection); a `null` (leave) for an id the connection does not own is dropped;
// - an id owned by another connection is dropped, unless that connection is closing or belongs to
//   the same user: a reconnect after a network blip arrives before the dead socket is noticed,
//   and its own id is not an echo for it (start() does not send it ids of the same user's sockets);
// - the server's own client id is never accepted;
// - the state's `user` field is replaced by the identity the session gives (see identityFor);
// - the clock is shifted so that it is always ahead of what peers last saw for that id.
//   y-protocols ignores a state whose clock is not newer, and a reconnecting client re-sends its
//   state with the clock it had when the server removed it on disconnect (a new client starts at
//   0, which peers ignore too): without the shift, such clients stay invisible until their next
//   local change. Peers only ever see the server's clocks, so the shift is invisible to them.
//
// With a bus shared by several processes, ids owned by another process's connections are unknown
// here; a Redis bus should carry ownership along with the states (see bus.ts).

export type AwarenessClaim = { conn: Connection; offset: number };
export type AwarenessOwners = Map<number, AwarenessClaim>;

/**
 * Filters and rewrites a client's awareness update; returns the update to apply to the room's
 * awareness, or null if nothing is left. Throws MalformedMessage for a malformed update.
 */
export function sanitizeAwarenessUpdate(
  update: Uint8Array,
  conn: Connection,
  owners: AwarenessOwners,
  awareness: Awareness,
  limits: { maxStateBytes: number; maxClientsPerConnection: number },
): Uint8Array | null {
  const entries = decodeAwarenessUpdate(update, limits.maxStateBytes);
  const accepted: typeof entries = [];
  for (const entry of entries) {
    if (entry.clientId === awareness.clientID) continue;
    const claim = claimFor(entry, conn, owners, awareness, limits.maxClientsPerConnection);
    if (!claim) continue;
    accepted.push({
      clientId: entry.clientId,
      clock: entry.clock + claim.offset,
      state: entry.state === null ? null : { ...entry.state, user: { ...conn.access.identity } },
    });
  }
  return accepted.length > 0 ? encodeAwarenessUpdate(accepted) : null;
}

function claimFor(
  entry: { clientId: number; clock: number; state: unknown },
  conn: Connection,
  owners: AwarenessOwners,
  awareness: Awareness,
  max: number,
): AwarenessClaim | null {
  const { clientId, clock } = entry;
  const current = owners.get(clientId);
  if (current?.conn === conn) return current;
  if (conn.sentClientIds.has(clientId) || entry.state === null) return null;
  if (current && !(current.conn.closing || sameUser(current.conn, conn))) return null;
  if (conn.awarenessClientIds.size >= max) return null;
  const seen = awareness.meta.get(clientId)?.clock ?? 0;
  const claim = { conn, offset: clock <= seen ? seen + 1 - clock : 0 };
  current?.conn.awarenessClientIds.delete(clientId);
  owners.set(clientId, claim);
  conn.awarenessClientIds.add(clientId);
  return claim;
}

export function sameUser(a: Connection, b: Connection): boolean {
  const id = a.access.user?.id;
  return id !== undefined && id === b.access.user?.id;
}

/** Forgets a closed connection's client ids; returns those whose states must be removed. */
export function releaseAwareness(conn: Connection, owners: AwarenessOwners): number[] {
  const released: number[] = [];
  for (const clientId of conn.awarenessClientIds) {
    if (owners.get(clientId)?.conn === conn) {
      owners.delete(clientId);
      released.push(clientId);
    }
  }
  conn.awarenessClientIds.clear();
  return released;
}

/**
 * One relay round of awareness changes: each changed client's current state is encoded once, and
 * a connection gets every entry but those whose change came from it (the frame with all of them
 * is built once, for every connection that caused none). A state that changed several times in
 * the round goes out once, with its latest clock, which is all a peer keeps anyway.
 */
export class AwarenessRelay {
  private readonly entries: { clientId: number; origin: string | null; bytes: Uint8Array }[] = [];
  private readonly origins = new Set<string>();
  private readonly clientIds: number[] = [];
  private full: Buffer | null = null;

  /** `changed`: client id → the connection the change came from (null: the server or another process). */
  constructor(awareness: Awareness, changed: ReadonlyMap<number, string | null>) {
    const states = awareness.getStates();
    for (const [clientId, origin] of changed) {
      const clock = awareness.meta.get(clientId)?.clock;
      if (clock === undefined) continue;
      // The entry as y-protocols' encodeAwarenessUpdate writes it (a removed state is null).
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, clientId);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, JSON.stringify(states.get(clientId) ?? null));
      this.entries.push({ clientId, origin, bytes: encoding.toUint8Array(encoder) });
      this.clientIds.push(clientId);
      if (origin !== null) this.origins.add(origin);
    }
  }

  sendTo(conn: Connection): void {
    if (this.entries.length === 0) return;
    if (!this.origins.has(conn.id)) {
      this.full ??= awarenessFrame(this.entries);
      conn.sendAwareness(this.full, this.clientIds);
      return;
    }
    const others = this.entries.filter((entry) => entry.origin !== conn.id);
    if (others.length > 0) {
      conn.sendAwareness(
        awarenessFrame(others),
        others.map((entry) => entry.clientId),
      );
    }
  }
}

/** A y-websocket awareness message carrying pre-encoded entries. */
function awarenessFrame(entries: readonly { bytes: Uint8Array }[]): Buffer {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const entry of entries) encoding.writeUint8Array(update, entry.bytes);
  const frame = encodeAwarenessMessage(encoding.toUint8Array(update));
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}
