/** A public act as the home page shows it, and as it travels live over socket.io. */
export type ActivityEvent = {
  id: string;
  kind: string;
  summary: string;
  subjectType: string;
  subjectId: string;
  actorName: string | null;
  createdAt: string;
};

/** Rooms a browser can follow live: `<kind>:<id>`; `user:<id>` is private to that person. */
export const LIVE_ROOM_PATTERN = /^(proposal|plan|commitment|forum|forum-session|user):[A-Za-z0-9_-]{1,64}$/;

/** An event published to a live room. `seq` counts per room and `epoch` names the server run. */
export type LiveMessage = {
  room: string;
  type: string;
  payload?: unknown;
  seq: number;
  epoch: string;
};

/** What a browser sends to follow rooms; `since` holds the last seq it saw per room. */
export type LiveSubscribe = { rooms: string[]; epoch?: string; since?: Record<string, number> };

/** The answer to a subscription: rooms refused, and rooms whose missed events are gone (reload). */
export type LiveSubscribeAck =
  | { ok: true; epoch: string; refused: string[]; resync: string[] }
  | { ok: false; error: "invalid" | "rate-limited"; retryAfterSeconds?: number };
