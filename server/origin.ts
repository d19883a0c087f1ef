import type { IncomingMessage } from "node:http";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a method can change state and so needs a same-origin request. */
export function isMutation(method: string | undefined): boolean {
  return !SAFE_METHODS.has((method ?? "GET").toUpperCase());
}

/** The origin requests must come from: PUBLIC_URL's, or else the one the Host header names. */
export function expectedOrigin(req: IncomingMessage, publicOrigin: string | null, secure: boolean): string | null {
  if (publicOrigin) return publicOrigin;
  const host = req.headers.host;
  return host ? `${secure ? "https" : "http"}://${host}` : null;
}

/** Whether the request's Origin header is present and ours (CSRF defence for mutations and upgrades). */
export function hasTrustedOrigin(req: IncomingMessage, publicOrigin: string | null, secure: boolean): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  return origin === expectedOrigin(req, publicOrigin, secure);
}
