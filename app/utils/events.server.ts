import { EventEmitter } from "node:events";
import type { ActivityEvent } from "~/live-events.ts";
import { singleton } from "./singleton.server.ts";

export type { ActivityEvent };

/** What the models announce for live delivery; socket.io relays them to browsers. */
export type LiveEvents = {
  "activity:new": [ActivityEvent];
  /** An event for one live room (see app/utils/live.server.ts). */
  live: [{ room: string; type: string; payload?: unknown }];
};

/**
 * The in-process fan-out between the models (inside the Remix bundle) and the realtime server.
 * It is the one seam that a Redis-backed bus replaces when Minka runs on several nodes.
 */
export const liveEvents = singleton("live-events", () => {
  const emitter = new EventEmitter<LiveEvents>();
  emitter.setMaxListeners(100);
  return emitter;
});
