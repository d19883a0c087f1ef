import { expect } from "vitest";
import type { RunningServer } from "./server.ts";

// Talking to the real server over HTTP as a browser without JavaScript does: form posts with the
// page's Origin, the session cookie carried by hand.

/** The demo people's password (prisma/seed). */
export const DEMO_PASSWORD = "minka-demo";

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

/**
 * Logs in through the login form (a plain post to /ingresar), expects the redirect that means
 * success, and returns the session as a Cookie header value (`minka_session=…`).
 */
export async function login(server: RunningServer, email: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await postForm(server, "/ingresar", { email, password });
  expect(response.status, `login ${email}`).toBe(302);
  return cookiesFrom(response);
}
