import { translator } from "~/i18n.ts";
import type { Messages } from "~/locales/es.ts";
import { getLocale } from "./locale.server.ts";

/** The messages of plain-text answers (refusals, missing things): keys under `responses`. */
export type ResponseKey = `responses.${keyof Messages["responses"]}`;

/**
 * A plain-text answer in the request's language: what a route throws for a refused or unknown
 * request (`throw textResponse(request, 404, "responses.commitmentNotFound")`). The page itself
 * shows the error boundary's message for the status; this text is what a script or `curl` reads.
 */
export function textResponse(request: Request, status: number, key: ResponseKey | "participation.badCursor"): Response {
  return new Response(translator(getLocale(request))(key), {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
