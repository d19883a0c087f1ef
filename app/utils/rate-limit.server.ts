import { json } from "@remix-run/node";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { singleton } from "./singleton.server.ts";

// In-memory limits for one node; the scale-out issue moves them to Redis.
const limiters = singleton("rate-limiters", () => ({
  loginByIp: new RateLimiterMemory({ keyPrefix: "login-ip", points: 30, duration: 15 * 60 }),
  loginByEmail: new RateLimiterMemory({ keyPrefix: "login-email", points: 10, duration: 15 * 60 }),
  registerByIp: new RateLimiterMemory({ keyPrefix: "register-ip", points: 10, duration: 60 * 60 }),
  /** Password re-entry on sensitive pages (data download, account deletion), per person. */
  reauthByUser: new RateLimiterMemory({ keyPrefix: "reauth-user", points: 10, duration: 15 * 60 }),
}));

export type LimiterName = keyof typeof limiters;

/** A 429 answer with Retry-After in seconds. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many attempts");
  }
}

/** Spends one point per key; throws RateLimitedError when any of them is exhausted. */
export async function consume(entries: [LimiterName, string][]): Promise<void> {
  for (const [name, key] of entries) {
    try {
      await limiters[name].consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      }
      throw error;
    }
  }
}

/** Gives back the point an attempt spent, so that only failures count (after a successful login). */
export async function refund(name: LimiterName, key: string): Promise<void> {
  await limiters[name].reward(key, 1);
}

/**
 * Spends the points; when a limit is exhausted, the 429 answer to send instead (the form's reply
 * with Retry-After), else null.
 */
export async function limitOrReply<T>(entries: [LimiterName, string][], reply: () => T) {
  try {
    await consume(entries);
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    return json(reply(), { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
  }
}
