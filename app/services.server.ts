import type { Redis } from "ioredis";
import { LocalBus, type AppBus, type AppTopics } from "~/bus.ts";
import { createCollabStorage, type CollabStorage } from "~/drafting/storage.server.ts";
import type { VerifyResult } from "~/record/ledger.server.ts";
import { createPrismaClient, type PrismaClient } from "~/utils/db.server.ts";
import { getEnv, type Env } from "~/utils/env.server.ts";
import { createLimiters, type Limiters } from "~/utils/rate-limit.server.ts";
import { createRedis } from "~/utils/redis.server.ts";

// The services of one Minka process, built once by the composition root (server/index.ts) and
// handed to everything that needs them (docs/decisions/017). State that outlives a request lives
// here and nowhere else: no module keeps its own client, connection, limiter or cache.
//
// The server's code and the Remix build are two module graphs (the build bundles app/ on its own),
// so the root installs the same object into both: `installServices` below for the graph it runs
// in, and the build's `installServices` export (app/entry.server.tsx) for the build, again after
// every rebuild in development. Code run without the server (unit tests, scripts, the seed) gets
// services built from the environment on first use.

/** What the public record's pages show without walking the chain on every request. */
export type CachedVerification = { result: VerifyResult; checkedAt: Date };

export type Services = {
  env: Env;
  /** The database client (SQLite through better-sqlite3, or PostgreSQL). */
  db: PrismaClient;
  /** The Redis connection when REDIS_URL is set, else null. */
  redis: Redis | null;
  /** The one event bus for every live change (docs/decisions/014). */
  bus: AppBus;
  /** Rate limits, shared by every node through Redis when there is one. */
  limiters: Limiters;
  /** Where the collaboration server keeps documents (docs/decisions/010). */
  collabStorage: CollabStorage;
  caches: {
    /** The latest verification of the public record's chain, and the one running. */
    ledgerVerification: { value: CachedVerification | null; running: Promise<CachedVerification> | null };
    /** Proposal totals per set of filters, kept a few seconds. */
    proposalTotals: Map<string, { at: number; total: Promise<number> }>;
    /** Commitment rooms being seeded from the database, and rooms known to hold a draft. */
    seeding: Map<string, Promise<boolean>>;
    seeded: Set<string>;
    /** Commitment rooms being upgraded to the current document shape, and rooms known to be in it. */
    upgrading: Map<string, Promise<boolean>>;
    shaped: Set<string>;
  };
};

export type ServiceOverrides = Partial<Pick<Services, "db" | "redis" | "bus">>;

/** Builds a process's services from its environment; `overrides` supplies parts built elsewhere. */
export function createServices(env: Env = getEnv(), overrides: ServiceOverrides = {}): Services {
  const db = overrides.db ?? createPrismaClient(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
  const redis = overrides.redis !== undefined ? overrides.redis : env.REDIS_URL ? createRedis(env.REDIS_URL) : null;
  return {
    env,
    db,
    redis,
    bus: overrides.bus ?? new LocalBus<AppTopics>(),
    limiters: createLimiters(redis),
    collabStorage: createCollabStorage(db, env.DATABASE_URL),
    caches: {
      ledgerVerification: { value: null, running: null },
      proposalTotals: new Map(),
      seeding: new Map(),
      seeded: new Set(),
      upgrading: new Map(),
      shaped: new Set(),
    },
  };
}

let installed: Services | undefined;

/** Makes `services` the ones this module graph uses (the composition root, before serving). */
export function installServices(services: Services): void {
  installed = services;
}

/**
 * The services of this process: those the composition root installed, else (unit tests, scripts,
 * the seed) built from the environment. Under the server (MINKA_COMPOSED=1, set by server/index.ts)
 * building a second set would be a bug: a module used its services before they were installed.
 */
export function services(): Services {
  if (!installed && process.env.MINKA_COMPOSED === "1") {
    throw new Error("services used before server/index.ts installed them (docs/decisions/017)");
  }
  installed ??= createServices();
  return installed;
}

/** Closes what `services` hold open (bus, database, Redis); this graph forgets them. */
export async function disposeServices(services: Services): Promise<void> {
  if (installed === services) installed = undefined;
  await services.bus.close();
  await services.db.$disconnect();
  await services.redis?.quit().catch(() => {});
}

/** The services this graph uses, if any were built or installed (for cleanup without building any). */
export function installedServices(): Services | undefined {
  return installed;
}
