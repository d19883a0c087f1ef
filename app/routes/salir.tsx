import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { clearSessionCookie, invalidateSession } from "~/utils/session.server.ts";

// Logging out is a POST (a link or prefetch must never end a session); GET just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  if (context.session) await invalidateSession(context.session.id);
  return redirect("/", { headers: { "Set-Cookie": clearSessionCookie(context.secure) } });
}
