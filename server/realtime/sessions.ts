import type { Logger } from "pino";
import type { Server } from "socket.io";
import { sessionEvents, type SessionsEnded } from "../../app/utils/session-end.server.ts";
import { readSessionToken } from "../../app/utils/session.server.ts";

/**
 * Disconnects the socket.io connections of sessions that ended (logout, log out everywhere,
 * password change, account deletion). A socket belongs to the session whose cookie it was opened
 * with; the token's first part is the session id. Returns the function that detaches the hook.
 */
export function endSessionsHook(io: Server, logger: Logger): () => void {
  const onEnded = (event: SessionsEnded) => {
    let count = 0;
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.userId !== event.userId) continue;
      const sessionId = readSessionToken(socket.request.headers.cookie)?.split(".")[0];
      if (event.sessionIds !== "all" && (!sessionId || !event.sessionIds.includes(sessionId))) continue;
      socket.emit("session:ended");
      socket.disconnect(true);
      count += 1;
    }
    if (count > 0) logger.info({ sockets: count }, "ended sessions: sockets disconnected");
  };
  sessionEvents.on("ended", onEnded);
  return () => sessionEvents.off("ended", onEnded);
}
