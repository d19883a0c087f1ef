import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLiveEvent } from "~/components/live.tsx";

async function fetchUnread(): Promise<number | null> {
  const response = await fetch("/notificaciones/contador", { headers: { Accept: "application/json" } });
  if (!response.ok) return null;
  const body = (await response.json()) as { unread?: unknown };
  return typeof body.unread === "number" ? body.unread : null;
}

/**
 * The link to a person's notifications with the unread count, kept current live through their
 * private room `user:<id>`: each notification event carries the new count; after missed events
 * (`resync`) the count is fetched again. Without JavaScript it is a plain link.
 */
export function NotificationsLink({ userId, initialUnread }: { userId: string; initialUnread?: number }) {
  const { t } = useTranslation();
  const [unread, setUnread] = useState(initialUnread ?? 0);
  useEffect(() => {
    if (initialUnread !== undefined) return;
    let active = true;
    void fetchUnread().then((n) => active && n !== null && setUnread(n));
    return () => {
      active = false;
    };
  }, [initialUnread]);
  useLiveEvent([`user:${userId}`], (event) => {
    const payload = "payload" in event ? (event.payload as { unread?: unknown } | undefined) : undefined;
    if (typeof payload?.unread === "number") setUnread(payload.unread);
    else void fetchUnread().then((n) => n !== null && setUnread(n));
  });
  return (
    <Link to="/notificaciones" data-testid="notifications-link">
      {unread > 0 ? t("participation.notificationsLink", { count: unread }) : t("participation.notifications")}
    </Link>
  );
}
