import { json, type AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "./session.server.ts";

const API_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60",
};

/** A public JSON API answer: `{ data }`, readable from any origin. */
export function apiData<T>(data: T) {
  return json({ data }, { headers: API_HEADERS });
}

/**
 * A JSON API error thrown as a Response: `{ error: { status, message } }`, with `field` naming
 * the part of the request body in error (e.g. "period.start") when there is one.
 */
export function apiError(status: number, message: string, field?: string): Response {
  return json(
    { error: { status, message, ...(field ? { field } : {}) } },
    { status, headers: { "Access-Control-Allow-Origin": "*" } },
  );
}

// Writes (POST, PUT, PATCH, DELETE under /api/v1) take the session cookie and our Origin, as every
// mutation does (server/app.ts refuses any other Origin before Remix runs). Their answers are
// never cached and not open to other origins.

const WRITE_HEADERS = { "Cache-Control": "no-store" };

/** The answer of a write: `{ id }` (201 when it created something), or 204 without a body. */
export function apiWritten(status: 200 | 201 | 204, body?: Record<string, unknown>): Response {
  if (status === 204) return new Response(null, { status, headers: WRITE_HEADERS });
  return json(body ?? {}, { status, headers: WRITE_HEADERS });
}

/** The logged-in person of an API write, or a 401 thrown. */
export function requireApiUser(context: AppLoadContext): SessionUser {
  if (!context.user) throw apiError(401, "Log in first: send the session cookie of a logged-in account.");
  return context.user;
}

/** Methods a route answers, as a 405 for any other. */
export function methodNotAllowed(allowed: string[]): Response {
  return json(
    { error: { status: 405, message: `Use ${allowed.join(", ")} on this resource.` } },
    { status: 405, headers: { Allow: allowed.join(", ") } },
  );
}

/** Largest JSON body the API reads (the server refuses bodies over 1 MiB before Remix). */
const JSON_BODY_MAX = 256 * 1024;

/**
 * The request's JSON body, which must be an object; a missing or wrong Content-Type, malformed
 * JSON or anything but an object is a 400 thrown (and nothing is read further or changed).
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json(\s*;|$)/i.test(type.trim())) {
    throw apiError(400, "Send a JSON body with Content-Type: application/json.");
  }
  const text = await request.text();
  if (text.length > JSON_BODY_MAX) throw apiError(400, "The JSON body is too large.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw apiError(400, `Malformed JSON: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw apiError(400, "The JSON body must be an object.");
  }
  return value as Record<string, unknown>;
}
