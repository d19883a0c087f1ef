import type { AppBus } from "~/bus.ts";
import { services } from "~/services.server.ts";

/** The process's event bus (built with its services: on Redis with REDIS_URL, docs/decisions/014). */
export function eventBus(): AppBus {
  return services().bus;
}
