import { EventEmitter } from "node:events";
import { roomName } from "~/collab/protocol.ts";
import { prisma } from "./db.server.ts";
import { singleton } from "./singleton.server.ts";
import { collabHub } from "../../server/collab/hub.ts";

// Ending sessions must end what they opened: the HTTP cookie stops working as soon as the Session
// row is gone, but a socket.io connection or a collaboration websocket authenticated earlier stays
// open until told. After sessions are deleted, `announceSessionsEnded` tells both:
//   - socket.io: the hook in server/realtime/sessions.ts disconnects the person's sockets (those
//     of the ended sessions, or all of them);
//   - collab: every loaded document re-checks its connections now (collabHub.accessChanged), and
//     a connection whose session no longer validates is closed with PERMISSIONS_CHANGED.

export type SessionsEnded = {
  userId: string;
  /** The ended sessions' ids; "all" when every session of the person ended. */
  sessionIds: string[] | "all";
};

export const sessionEvents = singleton("session-events", () => {
  const emitter = new EventEmitter<{ ended: [SessionsEnded] }>();
  emitter.setMaxListeners(20);
  return emitter;
});

/** Announces ended sessions to socket.io and to the collaboration rooms; resolves once the rooms re-checked. */
export async function announceSessionsEnded(event: SessionsEnded): Promise<void> {
  sessionEvents.emit("ended", event);
  const [commitments, sessions] = await Promise.all([
    prisma.commitment.findMany({ select: { id: true } }),
    prisma.forumSession.findMany({ select: { id: true } }),
  ]);
  const names = [
    ...commitments.map((c) => roomName("commitment", c.id)),
    ...sessions.map((s) => roomName("session", s.id)),
  ].filter((name) => collabHub.isLoaded(name));
  await Promise.all(names.map((name) => collabHub.accessChanged(name)));
}
