import { z } from "zod";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const schema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], { message: "NODE_ENV must be development, production or test" })
    .optional(),
  PORT: z.coerce
    .number({ message: "PORT must be a number" })
    .int("PORT must be a whole number")
    .min(0, "PORT must be between 0 and 65535")
    .max(65535, "PORT must be between 0 and 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .default("file:./data/minka.db")
    .refine((value) => /^file:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value), {
      message:
        "DATABASE_URL must be a SQLite URL such as file:./data/minka.db or a PostgreSQL URL such as postgresql://user@host/minka",
    }),
  DATABASE_POOL_SIZE: z.coerce
    .number({ message: "DATABASE_POOL_SIZE must be a number" })
    .int("DATABASE_POOL_SIZE must be a whole number")
    .min(1, "DATABASE_POOL_SIZE must be between 1 and 200")
    .max(200, "DATABASE_POOL_SIZE must be between 1 and 200")
    .default(10),
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\/.+/.test(value), "REDIS_URL must be a Redis URL such as redis://127.0.0.1:6379")
    .optional(),
  PUBLIC_URL: z
    .string()
    .url("PUBLIC_URL must be an absolute URL such as https://minka.example.pe")
    .refine((value) => /^https?:\/\//.test(value), "PUBLIC_URL must start with http:// or https://")
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/i, "REDIS_PREFIX must be 1 to 32 letters, digits, _ or -")
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  MINKA_DEMO: z.enum(["0", "1"], { message: "MINKA_DEMO must be 0 or 1" }).optional(),
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  // Mail (docs/decisions/018): without SMTP_URL every message stays in the outbox.
  SMTP_URL: z
    .string()
    .refine(
      (value) => /^smtps?:\/\/[^/?#]+/.test(value) && URL.canParse(value),
      "SMTP_URL must be an SMTP URL such as smtp://user:password@mail.example.pe:587 or smtps://...:465",
    )
    .optional(),
  MAIL_FROM: z
    .string()
    .max(320, "MAIL_FROM is too long")
    .regex(
      /^(?:[^<>\r\n"]+<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/,
      "MAIL_FROM must be an address such as minka@example.pe or Minka <minka@example.pe>",
    )
    .optional(),
  MAIL_RETRY_SECONDS: z.coerce
    .number({ message: "MAIL_RETRY_SECONDS must be a number" })
    .int("MAIL_RETRY_SECONDS must be a whole number")
    .min(1, "MAIL_RETRY_SECONDS must be between 1 and 3600")
    .max(3600, "MAIL_RETRY_SECONDS must be between 1 and 3600")
    .default(30),
  MAIL_LEASE_SECONDS: z.coerce
    .number({ message: "MAIL_LEASE_SECONDS must be a number" })
    .int("MAIL_LEASE_SECONDS must be a whole number")
    .min(2, "MAIL_LEASE_SECONDS must be between 2 and 3600")
    .max(3600, "MAIL_LEASE_SECONDS must be between 2 and 3600")
    .default(60),
  // Notification mail (docs/decisions/024): how long a digest gathers notifications, and how often
  // each node looks for digests that are due.
  MAIL_DIGEST_HOURS: z.coerce
    .number({ message: "MAIL_DIGEST_HOURS must be a number" })
    .positive("MAIL_DIGEST_HOURS must be more than 0 and at most 168")
    .max(168, "MAIL_DIGEST_HOURS must be more than 0 and at most 168")
    .default(24),
  MAIL_DIGEST_CHECK_SECONDS: z.coerce
    .number({ message: "MAIL_DIGEST_CHECK_SECONDS must be a number" })
    .int("MAIL_DIGEST_CHECK_SECONDS must be a whole number")
    .min(1, "MAIL_DIGEST_CHECK_SECONDS must be between 1 and 3600")
    .max(3600, "MAIL_DIGEST_CHECK_SECONDS must be between 1 and 3600")
    .default(300),
});

export type Env = z.infer<typeof schema> & {
  /** How the app runs: production unless NODE_ENV says development or test. */
  mode: "development" | "production" | "test";
  /** Whether demo data and demo accounts are seeded. */
  demo: boolean;
  /** The origin that mutations must come from, when PUBLIC_URL fixes it. */
  publicOrigin: string | null;
};

/** Parses the environment once; throws an Error whose message is one line naming the bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = issue.path.join(".") || "environment";
    throw new Error(`Invalid configuration: ${name}: ${issue.message}`);
  }
  const env = result.data;
  // The links in messages point at the public address, never at a Host header a request named.
  if (env.SMTP_URL && !env.PUBLIC_URL) {
    throw new Error(
      "Invalid configuration: PUBLIC_URL: PUBLIC_URL is required when SMTP_URL is set (links in messages point at it)",
    );
  }
  // Demo data is on unless production is asked for explicitly (then only with MINKA_DEMO=1).
  const demo = env.MINKA_DEMO ? env.MINKA_DEMO === "1" : env.NODE_ENV !== "production";
  const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null;
  return { ...env, mode: env.NODE_ENV ?? "production", demo, publicOrigin };
}

let cached: Env | undefined;

/** The validated environment of this process. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
