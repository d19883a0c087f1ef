import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { unreadCount } from "~/participation/notifications.server.ts";

/** GET /notificaciones/contador: the logged-in person's unread count (private, never cached). */
export async function loader({ context }: LoaderFunctionArgs) {
  const user = context.user;
  return json(
    { userId: user?.id ?? null, unread: user ? await unreadCount(user.id) : 0 },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
