import type { Logger } from "pino";
import type { Server } from "socket.io";
import type { AppBus, SessionsEnded } from "../../app/bus.ts";
import { readSessionToken } from "../../app/utils/session.server.ts";

/**
 * Disconnects the socket.io connections of sessions that ended (logout, log out everywhere,
 * password change, account deletion). A socket belongs to the session whose cookie it was opened
 * with; the token's first part is the session id. The event reaches every node on the bus, and
 * each disconnects its own sockets. Returns the function that detaches the hook.
 */
export function endSessionsHook(io: Server, bus: AppBus, logger: Logger): () => void {
  const onEnded = async (event: SessionsEnded) => {
    const sockets = await io.fetchSockets();
    let count = 0;
    for (const socket of sockets) {
      if (socket.data.userId !== event.userId) continue;
      const sessionId = readSessionToken(socket.handshake.headers.cookie)?.split(".")[0];
      if (event.sessionIds !== "all" && (!sessionId || !event.sessionIds.includes(sessionId))) continue;
      socket.emit("session:ended");
      socket.disconnect(true);
      count += 1;
    }
    if (count > 0) logger.info({ sockets: count }, "ended sessions: sockets disconnected");
  };
  return bus.subscribe("sessions.ended", (event) =>
    onEnded(event).catch((error: unknown) => logger.error({ err: error }, "ending sessions' sockets failed")),
  );
}
