import { redirect, type AppLoadContext } from "@remix-run/node";
import type { SessionUser, ValidSession } from "./session.server.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The logged-in person, resolved from the session cookie by the server before Remix runs. */
    user: SessionUser | null;
    session: ValidSession | null;
    /** Nonce for inline scripts allowed by the Content-Security-Policy. */
    cspNonce: string;
    /** Whether the request reached us over HTTPS (decides the cookie's Secure flag). */
    secure: boolean;
    /** The client's address as Express resolved it (trust proxy honoured), for rate limits. */
    clientIp: string;
  }
}

/** The logged-in person and session, or a redirect to the login page. */
export function requireUser(context: AppLoadContext, request: Request): { user: SessionUser; session: ValidSession } {
  if (!context.user || !context.session) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/ingresar?${new URLSearchParams({ redirectTo })}`);
  }
  return { user: context.user, session: context.session };
}

/** Redirects a logged-in person away from pages meant for visitors (login, registration). */
export function requireAnonymous(context: AppLoadContext): void {
  if (context.user) throw redirect("/");
}
