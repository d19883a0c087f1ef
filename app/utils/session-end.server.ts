import type { SessionsEnded } from "~/bus.ts";
import { eventBus } from "./bus.server.ts";

// Ending sessions must end what they opened: the HTTP cookie stops working as soon as the Session
// row is gone, but a socket.io connection or a collaboration websocket authenticated earlier stays
// open until told. After sessions are deleted, `announceSessionsEnded` publishes `sessions.ended`
// on the event bus, which reaches every node:
//   - socket.io (server/realtime/sessions.ts) disconnects the person's sockets (those of the ended
//     sessions, or all of them);
//   - the collaboration rooms re-check their connections now, and a connection whose session no
//     longer validates is closed with PERMISSIONS_CHANGED.

export type { SessionsEnded };

/** Announces ended sessions; resolves once this node's sockets and rooms have acted on it. */
export async function announceSessionsEnded(event: SessionsEnded): Promise<void> {
  await eventBus().publishAndWait("sessions.ended", event);
}
