import type { Sector } from "../generated/prisma/enums.ts";

// What the collaboration server (server/collab) and its clients agree on: where rooms live, how
// their names are written, the size limits, the close codes, and the shape of the identity the
// server writes into each client's awareness state. Pure constants and functions: safe to import
// from the browser bundle and from the server alike.
//
// The wire protocol itself is y-websocket's (y-protocols sync + awareness), so the stock
// `WebsocketProvider` from `y-websocket` is the client:
//
//   new WebsocketProvider(`${wsOrigin}${COLLAB_PATH_PREFIX.slice(0, -1)}`, roomName("commitment", id), doc, {
//     shouldReconnect,
//     disableBc: true,
//   })
//
// `disableBc: true` matters: y-websocket otherwise syncs tabs of the same browser directly over
// BroadcastChannel, and a read-only tab's local changes would reach an editor's tab and be sent
// to the server as the editor's.
//
// y-websocket appends "/<room name>" to the server URL, so the socket path is
// `/collab/commitment/<id>`. Authentication is the session cookie; the browser sends it (and the
// Origin header) with the upgrade request.

/** Every collaboration socket lives under this path. */
export const COLLAB_PATH_PREFIX = "/collab/";

/** The y-websocket message types (first varuint of every frame). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** The y-protocols sync sub-types (second varuint of a sync frame). */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export const ROOM_KINDS = ["commitment", "session"] as const;
/** `commitment`: a commitment draft (OGP template). `session`: the minutes of a forum session. */
export type RoomKind = (typeof ROOM_KINDS)[number];
/** A room: `<kind>/<id>`. The server accepts the kinds it has an extension for (server/collab/rooms). */
export type RoomRef = { kind: string; id: string; name: string };

const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The room name of a resource, e.g. `commitment/ckz…`. */
export function roomName(kind: RoomKind, id: string): string {
  return `${kind}/${id}`;
}

/** Parses `<kind>/<id>` for one of `kinds` (the app's by default); null for anything else. */
export function parseRoomName(name: string, kinds: readonly string[] = ROOM_KINDS): RoomRef | null {
  const slash = name.indexOf("/");
  if (slash < 0) return null;
  const kind = name.slice(0, slash);
  const id = name.slice(slash + 1);
  if (!kinds.includes(kind) || !ROOM_ID.test(id)) return null;
  return { kind, id, name: `${kind}/${id}` };
}

/** The room a socket URL path (`/collab/commitment/<id>`, query ignored) names; null otherwise. */
export function roomFromPath(url: string, kinds: readonly string[] = ROOM_KINDS): RoomRef | null {
  const path = url.split("?", 1)[0] ?? "";
  if (!path.startsWith(COLLAB_PATH_PREFIX)) return null;
  return parseRoomName(path.slice(COLLAB_PATH_PREFIX.length), kinds);
}

export const LIMITS = {
  /** Largest WebSocket message accepted; larger frames close the socket with 1009. */
  maxMessageBytes: 1024 * 1024,
  /** Largest document (its encoded Yjs state); an update past it closes the socket with DOCUMENT_TOO_LARGE. */
  maxDocumentBytes: 4 * 1024 * 1024,
  /** Largest awareness state of one client (JSON). */
  maxAwarenessStateBytes: 16 * 1024,
  /** How many awareness client ids one connection may speak for (one per Y.Doc it shares). */
  maxAwarenessClientsPerConnection: 4,
} as const;

/**
 * Close codes the server uses (RFC 6455 private range). Following y-websocket's convention, the
 * 4400–4499 codes are permanent (the stock provider stops reconnecting); the 4500–4599 codes mean
 * "reconnect": the connection that follows will have the right state or access level.
 */
export const CLOSE = {
  /** The server is shutting down or restarting; reconnect. */
  SHUTTING_DOWN: { code: 4503, reason: "server shutting down" },
  /** The room hit an internal error and was reset from storage; reconnect. */
  INTERNAL_ERROR: { code: 4500, reason: "internal error" },
  /** The user's access to the room changed (logged out, lost or gained edit rights); reconnect. */
  PERMISSIONS_CHANGED: { code: 4509, reason: "permissions changed" },
  /**
   * The server could not store the client's update: its disk is full. Nothing of it was stored,
   * applied or relayed; the client keeps it and its next sync sends it again (reconnect).
   */
  STORAGE_FULL: { code: 4507, reason: "storage full" },
  /** The client sends faster than the server can store; reconnect after a pause. */
  OVERLOADED: { code: 4529, reason: "too many pending updates" },
  /** A frame that is not a well-formed y-websocket message (text, bad varint, truncated, bad update). */
  MALFORMED_MESSAGE: { code: 4400, reason: "malformed message" },
  /** The room's resource (commitment, forum session) no longer exists. */
  ROOM_NOT_FOUND: { code: 4404, reason: "room not found" },
  /**
   * The client holds the document in an older shape (a tab opened before the document was
   * upgraded, or an offline copy from then): the edits it had were converted and stored, and it
   * must reload (the editor drops its local copy and loads the document again). Permanent: an old
   * editor stops reconnecting and asks the person to reload the page.
   */
  RELOAD: { code: 4426, reason: "document shape changed: reload" },
  /** The update would grow the document past LIMITS.maxDocumentBytes. */
  DOCUMENT_TOO_LARGE: { code: 4413, reason: "document too large" },
  /** Sent by `ws` itself for a frame larger than LIMITS.maxMessageBytes (RFC 6455 "message too big"). */
  MESSAGE_TOO_BIG: { code: 1009, reason: "message too big" },
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE]["code"];

/** Whether reconnecting after this close code is pointless (the same thing would happen again). */
export function isPermanentClose(code: number): boolean {
  return (code >= 4400 && code < 4500) || code === CLOSE.MESSAGE_TOO_BIG.code;
}

/** For the provider's `shouldReconnect` option. */
export function shouldReconnect(event: { code: number }): boolean {
  return !isPermanentClose(event.code);
}

/** Name shown for anonymous (read-only) viewers. */
export const ANONYMOUS_NAME = "Visitante";
export const ANONYMOUS_COLOR = "#6b7280";

/**
 * The `user` field of every awareness state, written by the server from the session: whatever a
 * client puts there is overwritten, so nobody can appear as someone else.
 */
export type CollabIdentity = {
  id: string | null;
  name: string;
  color: string;
  sector: Sector | null;
  readOnly: boolean;
};

/** A stable, readable colour for a user id (FNV-1a hash → hue). */
export function colorForUser(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hslToHex(hash % 360, 65, 42);
}

/** WCAG 2.1 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The text colour for a name label drawn on a person's colour (their caret's label): white or
 * black, whichever contrasts more; for any #rrggbb one of them reaches 4.5:1 (WCAG 2.1 AA).
 */
export function labelTextColor(background: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(background)) return "#ffffff";
  return contrastRatio(background, "#ffffff") >= contrastRatio(background, "#000000") ? "#ffffff" : "#000000";
}

function hslToHex(h: number, s: number, l: number): string {
  const sat = s / 100;
  const light = l / 100;
  const a = sat * Math.min(light, 1 - light);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const value = light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
