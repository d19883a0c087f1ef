import type { HeadersFunction } from "@remix-run/node";

// What every page behind a link in a message shares (password reset, address verification,
// invitation, unsubscribe; docs/decisions/018): the token is in the address, so no answer is ever
// cached, and a 429 from the action keeps its Retry-After.

export const linkPageHeaders: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers({ "Cache-Control": "no-store" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

/** The status of a refused link: unknown 404, used or expired 410. */
export const LINK_REFUSED_STATUS = { unknown: 404, used: 410, expired: 410 } as const;
