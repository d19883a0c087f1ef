import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { TMP_DIR } from "./paths.ts";
import { createTestDatabase, onPostgres } from "./postgres.ts";

/** A fixed signing key for test servers on PostgreSQL (never used anywhere else). */
export const TEST_LEDGER_KEY = "PRIVATE+KEY+minka.test/ledger+bc9be3c5+AdS8nZWkun6AgadE//2trqJr4mtWSmDjIHiMLsyjpay2";

export type RunningServer = {
  url: string;
  origin: string;
  databaseUrl: string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/**
 * Starts the real Minka server (server/index.ts) on a free port with its own empty database (a
 * SQLite file, or a PostgreSQL database when the suite runs on PostgreSQL), which it migrates.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const databaseUrl =
    env.DATABASE_URL ??
    (onPostgres ? await createTestDatabase() : `file:${path.join(TMP_DIR, `server-${randomUUID()}.db`)}`);
  // Run as `npm start` does: no NODE_ENV (production mode with demo data) unless a test sets one.
  const { NODE_ENV: _vitestMode, ...inherited } = process.env;
  const childEnv: Record<string, string | undefined> = {
    ...inherited,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    // The record's checkpoints (docs/decisions/021): signed at start and on demand; the interval is
    // a day so that no signing lands between a test's before and after digests of the database.
    LEDGER_CHECKPOINT_INTERVAL: "86400",
    // Several PostgreSQL nodes share one given key (SQLite creates its own beside the database).
    ...(databaseUrl.startsWith("postgres") ? { LEDGER_SIGNING_KEY: TEST_LEDGER_KEY } : {}),
    ...env,
    DATABASE_URL: databaseUrl,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = () => {
      const match = output.match(/"port":(\d+)/);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    origin: url,
    databaseUrl,
    process: child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** A same-origin form post, as a browser without JavaScript sends it. */
export function postForm(
  server: RunningServer,
  pathname: string,
  fields: Record<string, string>,
  init: RequestInit & { cookie?: string } = {},
) {
  const headers = new Headers(init.headers);
  headers.set("Content-Type", "application/x-www-form-urlencoded");
  if (!headers.has("Origin")) headers.set("Origin", server.origin);
  if (init.cookie) headers.set("Cookie", init.cookie);
  return fetch(`${server.url}${pathname}`, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
    ...init,
    headers,
  });
}
