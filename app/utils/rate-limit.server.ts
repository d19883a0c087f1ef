import { json } from "@remix-run/node";
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import { services } from "~/services.server.ts";
import { redisPrefix } from "./redis.server.ts";

/** A positive whole number from the environment, else the default. */
function envPoints(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const LIMITS = {
  loginByIp: { keyPrefix: "login-ip", points: 30, duration: 15 * 60 },
  loginByEmail: { keyPrefix: "login-email", points: 10, duration: 15 * 60 },
  registerByIp: { keyPrefix: "register-ip", points: 10, duration: 60 * 60 },
  ledgerVerifyByIp: { keyPrefix: "ledger-verify-ip", points: 10, duration: 10 * 60 },
  reauthByUser: { keyPrefix: "reauth-user", points: 10, duration: 15 * 60 },
  // Mail (docs/decisions/018): asking for a password reset, per address and per client; setting
  // the new password or confirming an address with a link, per client; asking for another
  // verification link, per person.
  passwordResetByIp: { keyPrefix: "password-reset-ip", points: 20, duration: 60 * 60 },
  passwordResetByEmail: { keyPrefix: "password-reset-email", points: 5, duration: 60 * 60 },
  mailLinkByIp: { keyPrefix: "mail-link-ip", points: 30, duration: 15 * 60 },
  verificationByUser: { keyPrefix: "verification-user", points: 5, duration: 60 * 60 },
  // Participation, per person (issue 8): generous, so normal use never meets them; they stop
  // scripted floods. RATE_LIMIT_PROPOSALS, RATE_LIMIT_COMMENTS and RATE_LIMIT_VOTES override the
  // points (tests use small ones).
  proposalsByUser: { keyPrefix: "proposals-user", points: envPoints("RATE_LIMIT_PROPOSALS", 20), duration: 60 * 60 },
  commentsByUser: { keyPrefix: "comments-user", points: envPoints("RATE_LIMIT_COMMENTS", 60), duration: 10 * 60 },
  votesByUser: { keyPrefix: "votes-user", points: envPoints("RATE_LIMIT_VOTES", 120), duration: 10 * 60 },
  // Second factor (docs/decisions/023): codes tried, per person (a login code, a recovery code,
  // an enrolment's confirmation, the account page's changes); only failures count.
  secondFactorByUser: { keyPrefix: "second-factor-user", points: 5, duration: 15 * 60 },
} satisfies Record<string, IRateLimiterOptions>;

/**
 * A limiter shared by every node through Redis when REDIS_URL is set, with an in-memory limiter
 * of the same size standing in while Redis is unreachable; in memory only on a single node.
 */
export function createLimiter(options: IRateLimiterOptions, redis: Redis | null): RateLimiterAbstract {
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({
    ...options,
    keyPrefix: `${redisPrefix()}:${options.keyPrefix}`,
    storeClient: redis,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/** The process's limiters (built once with its services). */
export function createLimiters(redis: Redis | null) {
  return {
    loginByIp: createLimiter(LIMITS.loginByIp, redis),
    loginByEmail: createLimiter(LIMITS.loginByEmail, redis),
    registerByIp: createLimiter(LIMITS.registerByIp, redis),
    ledgerVerifyByIp: createLimiter(LIMITS.ledgerVerifyByIp, redis),
    /** Password re-entry on sensitive pages (data download, account deletion), per person. */
    reauthByUser: createLimiter(LIMITS.reauthByUser, redis),
    /** Asking for a password reset (20 an hour per client, 5 an hour per address). */
    passwordResetByIp: createLimiter(LIMITS.passwordResetByIp, redis),
    passwordResetByEmail: createLimiter(LIMITS.passwordResetByEmail, redis),
    /** Using a link from a message (new password, address confirmation): 30 in 15 minutes per client. */
    mailLinkByIp: createLimiter(LIMITS.mailLinkByIp, redis),
    /** Asking for another verification link (5 an hour), per person. */
    verificationByUser: createLimiter(LIMITS.verificationByUser, redis),
    /** Publishing proposals (20 an hour), per person. */
    proposalsByUser: createLimiter(LIMITS.proposalsByUser, redis),
    /** Posting and editing comments on proposals and drafts (60 in 10 minutes), per person. */
    commentsByUser: createLimiter(LIMITS.commentsByUser, redis),
    /** Casting and withdrawing supports (120 in 10 minutes), per person. */
    votesByUser: createLimiter(LIMITS.votesByUser, redis),
    /** Second-factor codes tried (5 wrong ones in 15 minutes), per person. */
    secondFactorByUser: createLimiter(LIMITS.secondFactorByUser, redis),
  };
}

export type Limiters = ReturnType<typeof createLimiters>;
export type LimiterName = keyof Limiters;

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
      await services().limiters[name].consume(key);
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
  await services().limiters[name].reward(key, 1);
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
