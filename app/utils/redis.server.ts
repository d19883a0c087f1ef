import { Redis } from "ioredis";
import { services } from "~/services.server.ts";

/**
 * A Redis connection (several Minka nodes share live state through it). ioredis reconnects by
 * itself; while Redis is away the node keeps serving its own clients and reports itself degraded
 * (see `redisHealth`). The process's one connection is built with its services.
 */
export function createRedis(url: string): Redis {
  const client = new Redis(url, {
    // Commands fail fast while disconnected instead of piling up; callers fall back.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    connectionName: "minka",
  });
  // Errors are reported through status (redisHealth); an unhandled "error" event would crash.
  client.on("error", () => {});
  return client;
}

/** The process's Redis connection when REDIS_URL is set, else null. */
export function getRedis(): Redis | null {
  return services().redis;
}

/** "up", "down", or "off" (no REDIS_URL), for /healthz. */
export function redisHealth(client: Redis | null = getRedis()): "up" | "down" | "off" {
  if (!client) return "off";
  return client.status === "ready" ? "up" : "down";
}

/** The prefix of every Redis key and stream Minka uses, so several deployments can share one Redis. */
export function redisPrefix(): string {
  return process.env.REDIS_PREFIX || "minka";
}
