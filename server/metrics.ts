import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { prisma } from "../app/utils/db.server.ts";

// Prometheus metrics for /metrics (prom-client). Request counts and latencies are labelled by
// method, route pattern (never the raw path: ids would make the label set unbounded) and status.
// Live numbers (open sockets, collab connections and loaded documents, stored updates) are read
// when Prometheus scrapes, through small getters the server hands over once it has built them.

/** What the metrics read at scrape time; set by server/index.ts once the servers exist. */
export type MetricSources = {
  socketIoSockets: () => number;
  collab: () => { rooms: number; connections: number };
};

export type Metrics = {
  registry: Registry;
  /** Express middleware counting and timing every request by route pattern. */
  observe: (req: Request, res: Response, next: NextFunction) => void;
  setSources: (sources: MetricSources) => void;
  /** Remix's route patterns for labelling (from the current build). */
  setBuild: (build: ServerBuild) => void;
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Who may read /metrics: anyone presenting `Authorization: Bearer <METRICS_TOKEN>` (when the
 * variable is set), or a client on this machine connecting directly (loopback peer and no
 * X-Forwarded-For/Forwarded header, so a reverse proxy on the same host does not open it to the
 * internet). Everyone else gets 401 (a token is configured) or 403.
 */
export function metricsAccess(req: IncomingMessage, token: string | undefined): "allowed" | 401 | 403 {
  const header = req.headers.authorization;
  if (token && header?.startsWith("Bearer ")) {
    const given = Buffer.from(header.slice("Bearer ".length));
    const expected = Buffer.from(token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return "allowed";
    return 401;
  }
  const proxied = req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined;
  if (!proxied && LOOPBACK.test(req.socket.remoteAddress ?? "")) return "allowed";
  return token ? 401 : 403;
}

type Pattern = { pattern: string; segments: string[] };

/** The URL patterns of a Remix build's routes (`/compromisos/:commitmentId/historial`...). */
export function routePatterns(build: ServerBuild): Pattern[] {
  const routes = build.routes;
  const full = (id: string): string => {
    const route = routes[id];
    if (!route) return "";
    const parent = route.parentId ? full(route.parentId) : "";
    if (!route.path) return parent;
    return `${parent.replace(/\/$/, "")}/${route.path}`;
  };
  const patterns = new Set<string>();
  for (const id of Object.keys(routes)) patterns.add(full(id) || "/");
  return [...patterns].map((pattern) => ({ pattern, segments: pattern.split("/").filter(Boolean) }));
}

/** The best-matching pattern for a path: static segments beat parameters, parameters beat "*". */
export function matchPattern(patterns: Pattern[], pathname: string): string | null {
  const parts = pathname.split("/").filter(Boolean);
  let best: { pattern: string; score: number } | null = null;
  for (const { pattern, segments } of patterns) {
    let score = 0;
    let ok = true;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (segment === "*") {
        score += 1;
        break;
      }
      const part = parts[i];
      if (part === undefined) {
        ok = false;
        break;
      }
      if (segment.startsWith(":")) score += 2;
      else if (segment === part) score += 3;
      else {
        ok = false;
        break;
      }
      if (i === segments.length - 1 && parts.length !== segments.length) ok = false;
    }
    if (segments.length === 0 && parts.length > 0) ok = false;
    if (ok && (!best || score > best.score)) best = { pattern, score };
  }
  return best?.pattern ?? null;
}

const FIXED_ROUTES = ["/healthz", "/readyz", "/metrics"];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "minka_" });
  let sources: MetricSources | null = null;
  let patterns: Pattern[] = [];

  const requests = new Counter({
    name: "minka_http_requests_total",
    help: "HTTP requests by method, route pattern and status code.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "minka_http_request_duration_seconds",
    help: "HTTP request latency by method and route pattern.",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: "minka_socketio_open_sockets",
    help: "Open socket.io connections (live updates).",
    registers: [registry],
    collect() {
      this.set(sources?.socketIoSockets() ?? 0);
    },
  });
  new Gauge({
    name: "minka_collab_open_connections",
    help: "Open collaboration websockets (co-drafting).",
    registers: [registry],
    collect() {
      this.set(sources?.collab().connections ?? 0);
    },
  });
  new Gauge({
    name: "minka_collab_loaded_documents",
    help: "Collaborative documents loaded in memory.",
    registers: [registry],
    collect() {
      this.set(sources?.collab().rooms ?? 0);
    },
  });
  new Gauge({
    name: "minka_collab_stored_updates",
    help: "Yjs updates stored in the database (CollabUpdate rows).",
    registers: [registry],
    async collect() {
      this.set(await prisma().collabUpdate.count());
    },
  });

  function routeOf(req: Request): string {
    const pathname = req.path;
    if (FIXED_ROUTES.includes(pathname)) return pathname;
    if (pathname.startsWith("/build/")) return "/build/*";
    if (pathname.startsWith("/socket.io")) return "/socket.io";
    return matchPattern(patterns, pathname) ?? "unmatched";
  }

  return {
    registry,
    setSources(next) {
      sources = next;
    },
    setBuild(build) {
      patterns = routePatterns(build);
    },
    observe(req, res, next) {
      const start = process.hrtime.bigint();
      res.once("finish", () => {
        const route = routeOf(req);
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        requests.inc({ method: req.method, route, status: String(res.statusCode) });
        latency.observe({ method: req.method, route }, seconds);
      });
      next();
    },
  };
}
