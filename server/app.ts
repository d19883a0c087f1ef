import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { Services } from "../app/services.server.ts";
import { isPostgresUrl } from "../app/utils/db.server.ts";
import { redisHealth } from "../app/utils/redis.server.ts";
import type { Env } from "../app/utils/env.server.ts";
import { localeFromCookies } from "../app/utils/locale.server.ts";
import { responseText, type ResponseKey } from "../app/utils/responses.server.ts";
import { readSessionToken, sessionCookie, validateSessionToken } from "../app/utils/session.server.ts";
import type { Metrics } from "./metrics.ts";
import { metricsAccess } from "./metrics.ts";
import { APPLIED_MIGRATIONS_SQL, compareMigrations, expectedMigrations } from "./db/migrations.ts";
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from "./db/paths.ts";
import { hasTrustedOrigin, isMutation, isOneClickUnsubscribe } from "./origin.ts";

/** Largest request body accepted (forms and JSON); larger ones are refused before Remix reads them. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Largest body of a form that uploads evidence files (each file is limited again as it is read). */
export const MAX_UPLOAD_BODY_BYTES = 16 * 1024 * 1024;
/** The forms that upload evidence files. */
const UPLOAD_PATHS = /^\/(compromisos\/[^/]+\/avances\/nuevo|buenas-practicas\/nueva)\/?$/;

/** An incoming X-Request-Id we keep (from a proxy or a client): short and plain. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

type AppOptions = {
  env: Env;
  services: Services;
  logger: Logger;
  metrics: Metrics;
  /** Whether the process is shutting down (then /readyz answers 503). */
  isShuttingDown: () => boolean;
  /** The current Remix build; a function so development can swap it after a rebuild. */
  getBuild: () => Promise<ServerBuild>;
};

/** A plain-text refusal in the language the visitor chose (the language switch's cookie). */
const refusal = (req: express.Request, key: ResponseKey) => responseText(localeFromCookies(req.headers.cookie), key);

/** The Express app: security headers, static files, health, CSRF and session handling, then Remix. */
export function createApp({ env, services, logger, getBuild, metrics, isShuttingDown }: AppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback, linklocal, uniquelocal");

  app.use(
    pinoHttp({
      logger,
      // A sane incoming X-Request-Id (from a proxy) is kept, so one id follows a request across
      // systems; anything else gets a fresh UUID. Either way the response echoes it.
      genReqId: (req, res) => {
        const incoming = req.headers["x-request-id"];
        const id = typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url?.startsWith("/build/") ?? false },
      // Never log headers: cookies carry session tokens.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(metrics.observe);
  app.use(compression());

  app.use((req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'", "ws:", "wss:"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: env.publicOrigin?.startsWith("https:") ? [] : null,
        },
      },
      strictTransportSecurity: env.publicOrigin?.startsWith("https:") ? undefined : false,
      crossOriginEmbedderPolicy: false,
      // "no-referrer" would make browsers send `Origin: null` on same-origin form posts,
      // which the CSRF check must refuse; "same-origin" keeps our own Origin and leaks nothing.
      referrerPolicy: { policy: "same-origin" },
    }),
  );

  const publicDir = path.resolve("public");
  app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));

  app.get("/healthz", async (_req, res) => {
    try {
      await services.db.$queryRawUnsafe("SELECT 1");
      // Without Redis a node still serves its own clients: degraded, not down.
      const redis = redisHealth(services.redis);
      res.status(200).json({ status: redis === "down" ? "degraded" : "ok", redis });
    } catch (error) {
      logger.error({ err: error }, "health check failed");
      res.status(503).json({ status: "unavailable" });
    }
  });

  // Ready to take traffic: the database answers, every migration this code expects is applied,
  // and the process is not shutting down. (Liveness is /healthz.)
  const expected = expectedMigrations(
    path.resolve(isPostgresUrl(env.DATABASE_URL) ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS),
  );
  app.get("/readyz", async (_req, res) => {
    const problems: string[] = [];
    if (isShuttingDown()) problems.push("shutting down");
    try {
      await services.db.$queryRawUnsafe("SELECT 1");
      const applied = await services.db.$queryRawUnsafe<{ name: string }[]>(APPLIED_MIGRATIONS_SQL);
      const { missing } = compareMigrations(
        applied.map((row) => row.name),
        expected,
      );
      if (missing.length > 0) problems.push(`migrations not applied: ${missing.join(", ")}`);
    } catch (error) {
      logger.error({ err: error }, "readiness check failed");
      problems.push("database unavailable");
    }
    res.setHeader("Cache-Control", "no-store");
    // In production without SMTP_URL the node serves, but no message leaves: said, not a 503
    // (docs/decisions/018).
    const mail = services.mail.settings.status === "not-configured" ? { mail: "not configured" } : {};
    if (problems.length > 0) res.status(503).json({ status: "unavailable", problems, ...mail });
    else res.status(200).json({ status: "ready", ...mail });
  });

  app.get("/metrics", async (req, res) => {
    const access = metricsAccess(req, env.METRICS_TOKEN);
    if (access !== "allowed") {
      if (access === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      res.status(access).type("text/plain").send(refusal(req, "responses.metricsRefused"));
      return;
    }
    try {
      res.setHeader("Cache-Control", "no-store");
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    } catch (error) {
      logger.error({ err: error }, "metrics collection failed");
      res.status(503).type("text/plain").send(refusal(req, "responses.metricsUnavailable"));
    }
  });

  // CSRF: every request that can change state must carry our Origin.
  app.use((req, res, next) => {
    if (isMutation(req.method) && !hasTrustedOrigin(req, env.publicOrigin, req.secure)) {
      if (isOneClickUnsubscribe(req)) {
        // Authorised by the token in its address, from a mail provider: an Origin it may send is
        // not ours and means nothing here (Remix would refuse the action for it).
        delete req.headers.origin;
      } else {
        res.status(403).type("text/plain").send(refusal(req, "responses.originRefused"));
        return;
      }
    }
    // A body of unknown length (chunked) could grow past any limit while Remix reads it; browsers
    // always send Content-Length with forms and fetch bodies, so such requests are refused outright.
    if (isMutation(req.method) && req.headers["transfer-encoding"] && req.headers["content-length"] === undefined) {
      res.status(411).type("text/plain").send(refusal(req, "responses.lengthRequired"));
      return;
    }
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > (UPLOAD_PATHS.test(req.path) ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES)) {
      res.status(413).type("text/plain").send(refusal(req, "responses.tooLarge"));
      return;
    }
    next();
  });

  // Resolve the session once per request; a session close to expiry gets a renewed cookie.
  app.use(async (req, res, next) => {
    try {
      const result = await validateSessionToken(readSessionToken(req.headers.cookie));
      res.locals.user = result?.user ?? null;
      res.locals.session = result?.session ?? null;
      if (result?.session.renewed) {
        res.append(
          "Set-Cookie",
          sessionCookie(readSessionToken(req.headers.cookie)!, result.session.expiresAt, req.secure),
        );
      }
      next();
    } catch (error) {
      next(error);
    }
  });

  app.all(
    "*",
    createRequestHandler({
      build: getBuild,
      mode: env.mode,
      getLoadContext: (req, res) => ({
        user: res.locals.user ?? null,
        session: res.locals.session ?? null,
        cspNonce: res.locals.cspNonce as string,
        secure: req.secure,
        clientIp: req.ip ?? "unknown",
      }),
    }),
  );

  return app;
}
