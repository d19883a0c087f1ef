import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ActivityEvent } from "~/live-events.ts";
import { liveClient } from "./live.tsx";
import { formatDate } from "~/utils/format.ts";

const LIMIT = 10;

/** Recent public acts; new ones arrive live over socket.io and are announced politely. */
export function RecentActivity({ initial }: { initial: ActivityEvent[] }) {
  const { t, i18n } = useTranslation();
  // Acts that arrived live since the page loaded, newest first; the loader's list follows them.
  const [live, setLive] = useState<ActivityEvent[]>([]);
  const seen = new Set<string>();
  const items = [...live, ...initial].filter((item) => !seen.has(item.id) && seen.add(item.id)).slice(0, LIMIT);
  useEffect(() => {
    const socket = liveClient().connection;
    const onActivity = (event: ActivityEvent) => setLive((current) => [event, ...current].slice(0, LIMIT));
    socket.on("activity:new", onActivity);
    return () => {
      socket.off("activity:new", onActivity);
    };
  }, []);
  if (items.length === 0) return <p>{t("home.noActivity")}</p>;
  return (
    <ol className="activity-list" aria-live="polite" data-testid="recent-activity">
      {items.map((item) => (
        <li key={item.id}>
          <span className="activity-summary">{item.summary}</span>
          <span className="muted">
            {item.actorName ? `${item.actorName} · ` : ""}
            <time dateTime={item.createdAt}>{formatDate(item.createdAt, i18n.language, { dateStyle: "medium" })}</time>
          </span>
        </li>
      ))}
    </ol>
  );
}
