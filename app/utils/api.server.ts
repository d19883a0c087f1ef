import { json } from "@remix-run/node";

const API_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60",
};

/** A public JSON API answer: `{ data }`, readable from any origin. */
export function apiData<T>(data: T) {
  return json({ data }, { headers: API_HEADERS });
}

/** A JSON API error thrown as a Response: `{ error: { status, message } }`. */
export function apiError(status: number, message: string): Response {
  return json({ error: { status, message } }, { status, headers: { "Access-Control-Allow-Origin": "*" } });
}
