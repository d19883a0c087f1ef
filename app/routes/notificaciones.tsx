import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLiveRevalidation } from "~/components/live.tsx";
import { participationLinks } from "~/participation/components/styles.ts";
import { listNotifications, markRead, unreadCount } from "~/participation/notifications.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const links = participationLinks;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "participation.notifications");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  const [notifications, unread] = await Promise.all([listNotifications(user.id), unreadCount(user.id)]);
  return { userId: user.id, notifications, unread };
}

/** `intent=read` with `id` marks one read (and follows its link with `go`); `intent=read-all` marks all. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "read-all") {
    await markRead(user.id);
    return redirect("/notificaciones");
  }
  const id = formData.get("id");
  if (intent !== "read" || typeof id !== "string" || id.length === 0 || id.length > 64) {
    throw textResponse(request, 400, "responses.unknownAction");
  }
  const notification = (await listNotifications(user.id, 200)).find((n) => n.id === id);
  if (!notification) throw textResponse(request, 404, "responses.notificationNotFound");
  await markRead(user.id, id);
  return redirect(
    formData.get("go") === "1" && notification.link.startsWith("/") ? notification.link : "/notificaciones",
  );
}

export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const { userId, notifications, unread } = useLoaderData<typeof loader>();
  useLiveRevalidation([`user:${userId}`]);
  return (
    <div className="container narrow">
      <h1>{t("participation.notifications")}</h1>
      <p role="status" id="unread-count">
        {t("participation.notificationsLink", { count: unread })}
      </p>
      {unread > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="read-all" />
          <button type="submit" className="button">
            {t("participation.markAllRead")}
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? <p>{t("participation.noNotifications")}</p> : null}
      <ul className="notification-list">
        {notifications.map((n) => (
          <li key={n.id} className={n.readAt ? undefined : "unread"}>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="read" />
              <input type="hidden" name="id" value={n.id} />
              <input type="hidden" name="go" value="1" />
              <button type="submit" className="button link-button">
                {t(`participation.notificationKinds.${n.kind}`, { text: n.text })}
              </button>
              {n.readAt ? null : <span className="visually-hidden"> ({t("participation.unread")})</span>}
            </Form>
            <time dateTime={n.createdAt} className="muted">
              {formatDateTime(n.createdAt, i18n.language)}
            </time>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/cuenta/notificaciones">{t("mail.preferences.link")}</Link>
      </p>
      <p>
        <Link to="/propuestas">{t("participation.backToList")}</Link>
      </p>
    </div>
  );
}
