import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import forumStyles from "~/styles/forum.css";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge } from "~/components/badges.tsx";
import type { z } from "zod";
import { FormErrors, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { forumIds } from "~/forum/components/parts.tsx";
import { type scheduleSchema } from "~/forum/forms.ts";
import { resultFor } from "~/utils/form-reply.ts";
import { useLiveRevalidation } from "~/components/live.tsx";
import { forumAction } from "~/forum/actions.server.ts";
import { listSessions } from "~/forum/sessions.server.ts";
import { seatOf } from "~/forum/members.server.ts";
import { FORUM_LIVE_ROOM } from "~/forum/live.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.sessionsTitle");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumStyles }];

export async function loader({ context }: LoaderFunctionArgs) {
  const [sessions, seat] = await Promise.all([listSessions(), seatOf(context.user)]);
  return { sessions, canSchedule: can.scheduleForumSession(context.user, seat) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return forumAction(request, context, { sessionId: null, returnTo: "/foro/sesiones" });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["sessions"][number];

function SessionList({ sessions }: { sessions: Row[] }) {
  const { t, i18n } = useTranslation();
  if (sessions.length === 0) return <p>{t("forum.noSessions")}</p>;
  return (
    <ul className="card-list" data-testid="session-list">
      {sessions.map((s) => (
        <li key={s.id} className="card">
          <h3>
            <Link to={`/foro/sesiones/${s.id}`}>
              {s.number ? `${t("forum.numberShort", { number: s.number })} · ` : ""}
              {s.title}
            </Link>
          </h3>
          <p>
            {formatDateTime(s.scheduledAt, i18n.language)}
            {s.location ? ` · ${s.location}` : ""}
          </p>
          <p className="inline-list">
            <span className="badge">{t(`forum.sessionStatus.${s.status}`)}</span>
            {s.status === "HELD" ? <span className="badge">{t(`forum.minutesStatus.${s.minutesStatus}`)}</span> : null}
            {s.isDemo ? <DemoBadge /> : null}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function SessionsPage() {
  const { t } = useTranslation();
  const { sessions, canSchedule } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useLiveRevalidation([FORUM_LIVE_ROOM]);
  const [form, fields] = useReplyForm<z.input<typeof scheduleSchema>>({
    id: "schedule",
    lastResult: resultFor(actionData, "schedule"),
    defaultValue: { title: t("forum.schedule.defaultName"), repeat: "1" },
  });
  const scheduled = Number(params.get("programadas") ?? 0);
  const upcoming = sessions
    .filter((s) => s.status === "SCHEDULED" || s.status === "IN_PROGRESS")
    .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
  const past = sessions.filter((s) => s.status === "HELD" || s.status === "CANCELLED");
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/foro">{t("forum.title")}</Link>
      </nav>
      <h1>{t("forum.sessionsTitle")}</h1>
      <p className="lead">{t("forum.sessionsIntro")}</p>
      {scheduled > 0 ? (
        <p role="status" className="form-message success">
          {t("forum.schedule.done", { count: scheduled })}
        </p>
      ) : null}
      <p>
        <a href="/foro/sesiones.ics" className="button">
          {t("forum.calendarFeed")}
        </a>{" "}
        <span className="hint">{t("forum.calendarHint")}</span>
      </p>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">{t("forum.upcoming")}</h2>
        <SessionList sessions={upcoming} />
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">{t("forum.past")}</h2>
        <SessionList sessions={past} />
      </section>
      {canSchedule ? (
        <section aria-labelledby="schedule-title" className="card">
          <h2 id="schedule-title">{t("forum.schedule.title")}</h2>
          <Form method="post" aria-labelledby="schedule-title">
            <input type="hidden" name="intent" value="schedule" />
            <FormErrors id="schedule-errors" errors={form.errors} />
            <TextField meta={fields.title} {...forumIds("schedule-title-input")} label={t("forum.schedule.name")} />
            <TextField
              meta={fields.scheduledAt}
              {...forumIds("schedule-when")}
              type="datetime-local"
              label={t("forum.schedule.when")}
            />
            <TextField meta={fields.location} {...forumIds("schedule-location")} label={t("forum.schedule.location")} />
            <TextField
              meta={fields.repeat}
              {...forumIds("schedule-repeat")}
              type="number"
              label={t("forum.schedule.repeat")}
              hint={t("forum.schedule.repeatHint")}
            />
            <button type="submit" className="button primary">
              {t("forum.schedule.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
