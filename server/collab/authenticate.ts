import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import {
  ANONYMOUS_COLOR,
  ANONYMOUS_NAME,
  colorForUser,
  roomFromPath,
  type CollabIdentity,
  type RoomRef,
} from "../../app/collab/protocol.ts";
import type { SessionUser } from "../../app/utils/session.server.ts";
import { readSessionToken, validateSessionToken } from "../../app/utils/session.server.ts";
import type { RoomExtension } from "./extension.ts";
import { hasTrustedOrigin } from "../origin.ts";

// Authentication at the upgrade, before the WebSocket handshake, and again (authorisation only)
// every few seconds for each open connection. Nobody gets a socket without an Origin of ours (CSRF:
// a foreign page could otherwise open a socket with the visitor's cookie); everybody with one may
// read any existing room (everything public is readable); writing is for the room's kind to decide
// (its extension's onAuthenticate, the same rule the HTML forms use).

/** What one connection may do in its room, and who it is shown as. */
export type Access = {
  /** The session token the connection came with; re-validated on every permission re-check. */
  token: string | null;
  user: SessionUser | null;
  readWrite: boolean;
  identity: CollabIdentity;
};

export type AuthResult =
  { ok: true; room: RoomRef; access: Access } | { ok: false; status: 400 | 403 | 404; message: string };

const PRIVATE_ADDRESS = /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|::1$|f[cd][0-9a-f]{2}:|fe80:)/i;

/**
 * Whether the request reached us over HTTPS: TLS on this socket, or X-Forwarded-Proto from a proxy
 * on a loopback or private address (the same proxies server/app.ts trusts).
 */
export function isSecureRequest(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  const remote = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
  if (!PRIVATE_ADDRESS.test(remote)) return false;
  const proto = req.headers["x-forwarded-proto"];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase();
  return first === "https";
}

/** The identity written into the connection's awareness state. */
export function identityFor(user: SessionUser | null, readWrite: boolean): CollabIdentity {
  if (!user) return { id: null, name: ANONYMOUS_NAME, color: ANONYMOUS_COLOR, sector: null, readOnly: true };
  return {
    id: user.id,
    name: user.name,
    color: colorForUser(user.id),
    sector: user.memberships[0]?.sector ?? null,
    readOnly: !readWrite,
  };
}

/** The access a user (or an anonymous visitor) has to a room's resource. */
export function accessFor(
  extension: RoomExtension,
  resource: unknown,
  user: SessionUser | null,
  token: string | null,
): Access {
  const readWrite = extension.onAuthenticate(resource, user);
  return { token: user ? token : null, user, readWrite, identity: identityFor(user, readWrite) };
}

/** The upgrade check: Origin, room (of a registered kind), session, permissions. */
export async function authenticate(
  req: IncomingMessage,
  publicOrigin: string | null,
  extensions: ReadonlyMap<string, RoomExtension>,
): Promise<AuthResult> {
  if (!hasTrustedOrigin(req, publicOrigin, isSecureRequest(req))) {
    return { ok: false, status: 403, message: "Conexión rechazada: origen no permitido (Origin)." };
  }
  const room = roomFromPath(req.url ?? "", [...extensions.keys()]);
  const extension = room ? extensions.get(room.kind) : undefined;
  if (!room || !extension) return { ok: false, status: 404, message: "Documento no encontrado." };
  const resource = await extension.loadResource(room.id);
  if (!resource) return { ok: false, status: 404, message: "Documento no encontrado." };
  const token = readSessionToken(req.headers.cookie);
  const session = token ? await validateSessionToken(token) : null;
  return { ok: true, room, access: accessFor(extension, resource, session?.user ?? null, token) };
}
