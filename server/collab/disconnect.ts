import { removeAwarenessStates } from "y-protocols/awareness";
import { releaseAwareness } from "./awareness.ts";
import type { Connection } from "./connection.ts";
import type { Room } from "./room.ts";

// Hook "disconnect": when a socket closes, its presence leaves the room at once (the others see
// the cursor disappear) and, if it was the last one, the room is unloaded after a short delay
// (tuning.unloadDelayMs), which a new connection cancels. Unloading waits for the room's pending
// writes and compacts its log (see Room.unload). Updates the client sent before closing are still
// stored and relayed: they were accepted when they arrived.

export function handleDisconnect(room: Room, conn: Connection): void {
  room.connections.delete(conn);
  const released = releaseAwareness(conn, room.awarenessOwners);
  if (released.length > 0 && room.state !== "unloaded") {
    removeAwarenessStates(room.awareness, released, conn);
  }
  room.disconnected(conn);
  if (room.connections.size === 0) room.scheduleUnload();
}
