import { LocalBus, type AppBus, type AppTopics } from "~/bus.ts";
import { singleton } from "./singleton.server.ts";

// Until the services reach the models as arguments (issue 12, step "composition root"), the
// models find the process's event bus here. server/index.ts installs the bus it built (on Redis
// with REDIS_URL); code run without the server (unit tests, scripts) gets an in-process one.
const slot = singleton("event-bus", () => ({ bus: null as AppBus | null }));

/** The process's event bus. */
export function eventBus(): AppBus {
  return (slot.bus ??= new LocalBus<AppTopics>());
}

/** Makes `bus` the process's event bus (the composition root, once, before serving). */
export function installEventBus(bus: AppBus): void {
  slot.bus = bus;
}
