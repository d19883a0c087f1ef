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

/**
 * The one-click unsubscribe POST (RFC 8058) that a mail client sends from a notification's
 * List-Unsubscribe-Post header: it carries no Origin of ours, and needs none, because the secret
 * token in the address is what authorises it, and all it can do is stop that person's
 * notification mail (docs/decisions/024). Nothing else is exempt from the Origin check.
 */
export function isOneClickUnsubscribe(req: IncomingMessage): boolean {
  if ((req.method ?? "").toUpperCase() !== "POST") return false;
  const path = (req.url ?? "").split("?")[0]!;
  return /^\/correo\/baja\/[a-z0-9]{1,100}$/.test(path);
}
