import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Routes websocket upgrades by path: /socket.io to socket.io, /collab/* to Yjs, anything else refused. */
export function createUpgradeRouter(routes: { socketIo: UpgradeHandler; collab: UpgradeHandler }): UpgradeHandler {
  return (req, socket, head) => {
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (pathname === "/socket.io/" || pathname === "/socket.io") return routes.socketIo(req, socket, head);
    if (pathname.startsWith("/collab/")) return routes.collab(req, socket, head);
    socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  };
}
