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
import type { CommitmentStatus, ForumSessionStatus, MinutesStatus } from "../../app/generated/prisma/enums.ts";
import { prisma } from "../../app/utils/db.server.ts";
import { can } from "../../app/utils/permissions.server.ts";
import { readSessionToken, validateSessionToken, type SessionUser } from "../../app/utils/session.server.ts";
import { hasTrustedOrigin } from "../origin.ts";

// Hook "authenticate": runs once per upgrade request, before the WebSocket handshake, and again
// (authorize only) every few seconds for each open connection. Nobody gets a socket without an
// Origin of ours (CSRF: a foreign page could otherwise open a socket with the visitor's cookie);
// everybody with one may read any existing room (everything public is readable); writing takes the
// same rule as the HTML forms: can.editCommitment for commitments, can.writeMinutes for minutes.

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

/** The resource behind a room, as much of it as the permission rules need. */
export type RoomResource =
  | { kind: "commitment"; status: CommitmentStatus; teamUserIds: string[] }
  | { kind: "session"; status: ForumSessionStatus; minutesStatus: MinutesStatus; memberUserIds: string[] };

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

/** Loads the commitment or forum session a room belongs to; null if it does not exist. */
export async function loadRoomResource(room: RoomRef): Promise<RoomResource | null> {
  if (room.kind === "commitment") {
    const commitment = await prisma.commitment.findUnique({
      where: { id: room.id },
      select: { status: true, team: { select: { userId: true } } },
    });
    if (!commitment) return null;
    return { kind: "commitment", status: commitment.status, teamUserIds: commitment.team.map((m) => m.userId) };
  }
  const session = await prisma.forumSession.findUnique({
    where: { id: room.id },
    select: { status: true, minutesStatus: true },
  });
  if (!session) return null;
  const members = await prisma.forumMember.findMany({
    where: { userId: { not: null }, OR: [{ termEnd: null }, { termEnd: { gte: new Date() } }] },
    select: { userId: true },
  });
  return { kind: "session", ...session, memberUserIds: members.map((m) => m.userId!) };
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
export function accessFor(resource: RoomResource, user: SessionUser | null, token: string | null): Access {
  const readWrite =
    resource.kind === "commitment"
      ? can.editCommitment(user, { status: resource.status, teamUserIds: resource.teamUserIds })
      : can.writeMinutes(user, resource);
  return { token: user ? token : null, user, readWrite, identity: identityFor(user, readWrite) };
}

/** The upgrade check: Origin, room, session, permissions. */
export async function authenticate(req: IncomingMessage, publicOrigin: string | null): Promise<AuthResult> {
  if (!hasTrustedOrigin(req, publicOrigin, isSecureRequest(req))) {
    return { ok: false, status: 403, message: "Conexión rechazada: origen no permitido (Origin)." };
  }
  const room = roomFromPath(req.url ?? "");
  if (!room) return { ok: false, status: 404, message: "Documento no encontrado." };
  const resource = await loadRoomResource(room);
  if (!resource) return { ok: false, status: 404, message: "Documento no encontrado." };
  const token = readSessionToken(req.headers.cookie);
  const session = token ? await validateSessionToken(token) : null;
  return { ok: true, room, access: accessFor(resource, session?.user ?? null, token) };
}
