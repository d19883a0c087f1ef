import { LIVE_ROOM_PATTERN } from "~/live-events.ts";
import { eventBus } from "./bus.server.ts";

/**
 * Announces an event to everyone following a live room: `proposal:<id>`, `plan:<id>`,
 * `commitment:<id>`, `forum:<id>`, `forum-session:<id>`, or `user:<id>` (private to that person).
 * Call it after the change is committed. Payloads are public to the room's readers: never put
 * anything in them that the room's page would not show.
 */
export function publish(room: string, type: string, payload?: unknown): void {
  if (!LIVE_ROOM_PATTERN.test(room)) throw new Error(`Not a live room: ${room}`);
  eventBus().publish("live", { room, type, payload });
}
