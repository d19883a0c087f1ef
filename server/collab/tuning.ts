import { LIMITS } from "../../app/collab/protocol.ts";

/** The collaboration server's knobs; tests shorten the timings. */
export type CollabTuning = {
  /** How long an empty room stays in memory after its last client left. */
  unloadDelayMs: number;
  /** How often each room re-checks its connections' permissions. */
  recheckIntervalMs: number;
  /** Stored updates after which a room's log is folded into its snapshot. */
  compactEvery: number;
  /**
   * Shortest time between two compactions of a live room (each one rebuilds the whole document
   * from the database): a busy room compacts by time rather than after every `compactEvery`.
   */
  compactMinIntervalMs: number;
  /** Ping interval; a socket that missed a pong by the next ping is cut. */
  heartbeatMs: number;
  /** Updates stored per database transaction. */
  maxBatch: number;
  /**
   * Shortest time between two relay rounds of a room. What arrives in between is stored in one
   * transaction and reaches each socket in one write; a change arriving after a quiet spell is
   * relayed at once (in the same turn of the event loop). 0: one round per turn.
   */
  relayIntervalMs: number;
  maxMessageBytes: number;
  maxDocumentBytes: number;
  maxAwarenessStateBytes: number;
  maxAwarenessClientsPerConnection: number;
  /** Bytes of one connection's updates that may wait to be stored. */
  maxPendingBytesPerConnection: number;
  /** Messages a connection may send while its room is still loading. */
  maxInboxMessages: number;
  /** Bytes waiting in a socket's send buffer before the client counts as too slow. */
  maxBufferedBytes: number;
  maxConnectionsPerRoom: number;
  /** How long close() waits for sockets to finish their close handshake. */
  shutdownGraceMs: number;
  /**
   * Projection of a commitment's document into its database rows: at most once per this delay
   * while people edit, this long after a change, and when the room unloads.
   */
  projectDelayMs: number;
  /** Stored updates since the last version after which a quiet spell takes an automatic version. */
  autoVersionEvery: number;
  /** The quiet spell (no stored update) that ends a burst of editing. */
  autoVersionQuietMs: number;
};

export const DEFAULT_TUNING: CollabTuning = {
  unloadDelayMs: 5_000,
  recheckIntervalMs: 5_000,
  compactEvery: 200,
  compactMinIntervalMs: 5_000,
  heartbeatMs: 30_000,
  maxBatch: 64,
  relayIntervalMs: 10,
  maxMessageBytes: LIMITS.maxMessageBytes,
  maxDocumentBytes: LIMITS.maxDocumentBytes,
  maxAwarenessStateBytes: LIMITS.maxAwarenessStateBytes,
  maxAwarenessClientsPerConnection: LIMITS.maxAwarenessClientsPerConnection,
  maxPendingBytesPerConnection: 8 * 1024 * 1024,
  maxInboxMessages: 256,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxConnectionsPerRoom: 200,
  shutdownGraceMs: 1_000,
  projectDelayMs: 1_500,
  autoVersionEvery: 20,
  autoVersionQuietMs: 60_000,
};
