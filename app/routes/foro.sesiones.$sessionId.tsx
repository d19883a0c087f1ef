import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import forumStyles from "~/styles/forum.css";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge, SectorBadge } from "~/components/badges.tsx";
import type { z } from "zod";
import { FormErrors, Select, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { TableWrap } from "~/components/ui/table-wrap.tsx";
import { type agendaItemSchema } from "~/forum/forms.ts";
import { formErrorsOf, resultFor } from "~/utils/form-reply.ts";
import { AgreementsTable, forumIds, MotionCard, Notice, QuorumPanel } from "~/forum/components/parts.tsx";
import { useLiveRevalidation } from "~/components/live.tsx";
import { forumAction } from "~/forum/actions.server.ts";
import { NOTICES } from "~/forum/notices.ts";
import { AGENDA_KINDS, SECTORS } from "~/forum/rules.ts";
import { getSession } from "~/forum/sessions.server.ts";
import { minutesMarkdown } from "~/forum/minutes.server.ts";
import { seatOf } from "~/forum/members.server.ts";
import { sessionLiveRoom } from "~/forum/live.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.session.title} · Minka` }] : pageTitle(matches, "forum.errors.notFound");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const session = await getSession(params.sessionId ?? "");
  if (!session) throw textResponse(request, 404, "responses.sessionNotFound");
  const user = context.user;
  const seat = await seatOf(user);
  const minutes =
    session.status === "HELD" || session.status === "IN_PROGRESS" ? await minutesMarkdown(session.id) : null;
  const { minutesMarkdown: _frozen, ...publicSession } = session;
  return {
    session: publicSession,
    minutes,
    seat,
    myRsvp: seat ? (session.roster.find((r) => r.memberId === seat.memberId)?.rsvp ?? null) : null,
    can: {
      propose: can.proposeAgendaItem(user, seat, session),
      editAgenda: can.editForumAgenda(user, seat, session),
      rsvp: can.confirmForumAttendance(user, seat, session),
      start: can.startForumSession(user, seat, session),
      followUp: can.followUpForumAgreement(user, seat),
      circulate: can.circulateMinutes(user, seat, session),
      approve: can.approveMinutes(user, seat, session),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = params.sessionId ?? "";
  return forumAction(request, context, { sessionId: id, returnTo: `/foro/sesiones/${id}` });
}

export default function SessionPage() {
  const { t, i18n } = useTranslation();
  const { session: s, minutes, myRsvp, can: allowed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useLiveRevalidation([sessionLiveRoom(s.id)]);
  const agendaResult = resultFor(actionData, "agenda-add");
  const [agendaForm, agendaFields] = useReplyForm<z.input<typeof agendaItemSchema>>({
    id: "agenda",
    lastResult: agendaResult,
    defaultValue: { kind: "other" },
  });
  const buttonError = (intent: string) => formErrorsOf(resultFor(actionData, intent));
  return (
    <div className="container session-page">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb no-print">
        <Link to="/foro">{t("forum.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to="/foro/sesiones">{t("forum.sessionsTitle")}</Link>
      </nav>
      <p className="eyebrow">
        {t("forum.session")}
        {s.number ? ` ${t("forum.numberShort", { number: s.number })}` : ""}
      </p>
      <h1>{s.title}</h1>
      <p className="inline-list">
        <span className="badge" data-testid="session-status">
          {t(`forum.sessionStatus.${s.status}`)}
        </span>
        {s.status === "HELD" ? (
          <span className="badge" data-testid="minutes-status">
            {t(`forum.minutesStatus.${s.minutesStatus}`)}
          </span>
        ) : null}
        {s.isDemo ? <DemoBadge /> : null}
      </p>
      <Notice messageKey={NOTICES[params.get("hecho") ?? ""] ?? null} />

      <section aria-labelledby="notice-title" className="card">
        <h2 id="notice-title">{t("forum.notice")}</h2>
        <dl className="facts">
          <dt>{t("forum.when")}</dt>
          <dd>{formatDateTime(s.scheduledAt, i18n.language)}</dd>
          <dt>{t("forum.where")}</dt>
          <dd>{s.location ?? "—"}</dd>
        </dl>
        <p className="inline-list no-print">
          {allowed.start ? (
            <Form method="post">
              <input type="hidden" name="intent" value="start" />
              <button type="submit" className="button primary">
                {t("forum.startSession")}
              </button>
            </Form>
          ) : null}
          {s.status === "HELD" && s.minutesStatus !== "APPROVED" ? (
            <Link to={`/foro/sesiones/${s.id}/en-vivo`} className="button">
              {t("forum.openMinutes")}
            </Link>
          ) : null}
          {s.status === "IN_PROGRESS" ? (
            <Link to={`/foro/sesiones/${s.id}/en-vivo`} className="button primary">
              {allowed.followUp ? t("forum.goLive") : t("forum.watchLive")}
            </Link>
          ) : null}
        </p>
        <FormErrors id="start-errors" errors={buttonError("start")} />
      </section>

      {allowed.rsvp ? (
        <section aria-labelledby="rsvp-title" className="card no-print">
          <h2 id="rsvp-title">{t("forum.confirmTitle")}</h2>
          {myRsvp ? <p>{t("forum.yourRsvp", { answer: t(`forum.rsvp.${myRsvp}`) })}</p> : null}
          <Form method="post" className="inline-list">
            <input type="hidden" name="intent" value="rsvp" />
            <button type="submit" name="rsvp" value="YES" className="button primary">
              {t("forum.confirmYes")}
            </button>
            <button type="submit" name="rsvp" value="NO" className="button">
              {t("forum.confirmNo")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="agenda-title">
        <h2 id="agenda-title">{t("forum.agenda")}</h2>
        {s.agendaItems.length === 0 ? (
          <p>{t("forum.noAgenda")}</p>
        ) : (
          <ol className="agenda" data-testid="agenda">
            {s.agendaItems.map((item) => (
              <li key={item.id}>
                <strong>{item.title}</strong> <span className="badge">{t(`forum.agendaKinds.${item.kind}`)}</span>
                {item.kind === "commitment" && item.targetId ? (
                  <>
                    {" "}
                    <Link to={`/compromisos/${item.targetId}`}>{t("forum.commitmentLink")}</Link>
                  </>
                ) : item.targetTitle && item.targetTitle !== item.title ? (
                  <span className="muted"> · {t("forum.linkedTo", { title: item.targetTitle })}</span>
                ) : item.targetId && item.kind !== "other" ? (
                  <span className="muted"> · {item.targetId}</span>
                ) : null}
                {allowed.editAgenda ? (
                  <Form method="post" className="inline-form no-print">
                    <input type="hidden" name="intent" value="agenda-remove" />
                    <input type="hidden" name="itemId" value={item.id} />
                    <button type="submit" className="button small">
                      {t("forum.removeItem", { title: item.title })}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        {allowed.propose ? (
          <details className="no-print" open={agendaResult !== undefined}>
            <summary>{t("forum.addAgendaItem")}</summary>
            <Form method="post" aria-label={t("forum.addAgendaItem")}>
              <input type="hidden" name="intent" value="agenda-add" />
              <FormErrors id="agenda-errors" errors={agendaForm.errors} />
              <TextField meta={agendaFields.title} {...forumIds("agenda-title-input")} label={t("forum.itemTitle")} />
              <Select meta={agendaFields.kind} {...forumIds("agenda-kind")} label={t("forum.itemKind")}>
                {AGENDA_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`forum.agendaKinds.${k}`)}
                  </option>
                ))}
              </Select>
              <TextField
                meta={agendaFields.targetId}
                {...forumIds("agenda-target")}
                label={t("forum.itemTarget")}
                hint={t("forum.itemTargetHint")}
              />
              <button type="submit" className="button primary">
                {t("forum.addAgendaItem")}
              </button>
            </Form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="attendance-title">
        <h2 id="attendance-title">{t("forum.attendance")}</h2>
        {s.status !== "SCHEDULED" ? <QuorumPanel quorum={s.quorum} /> : null}
        {SECTORS.map((sector) => {
          const people = s.roster.filter((r) => r.sector === sector);
          if (people.length === 0) return null;
          return (
            <TableWrap key={sector} label={t(`sectors.${sector}`)}>
              <table>
                <caption>
                  <SectorBadge sector={sector} />
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("forum.member")}</th>
                    <th scope="col">{t("forum.institution")}</th>
                    <th scope="col">{t("forum.role")}</th>
                    <th scope="col">{s.status === "SCHEDULED" ? t("forum.confirmTitle") : t("forum.attendance")}</th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((p) => (
                    <tr key={p.memberId}>
                      <th scope="row">{p.name ?? "—"}</th>
                      <td>{p.organization}</td>
                      <td>{t(`forum.roles.${p.role}`, { defaultValue: p.role })}</td>
                      <td>
                        {s.status === "SCHEDULED"
                          ? p.rsvp
                            ? t(`forum.rsvp.${p.rsvp}`)
                            : "—"
                          : p.status
                            ? t(`forum.attendanceStatus.${p.status}`)
                            : t("forum.notCalled")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          );
        })}
      </section>

      {s.motions.length > 0 ? (
        <section aria-labelledby="motions-title">
          <h2 id="motions-title">{t("forum.motions")}</h2>
          <FormErrors id="vote-errors" errors={buttonError("vote")} />
          {s.motions.map((m) => (
            <MotionCard key={m.id} motion={m} myMemberId={null} canVote={false} canClose={false} />
          ))}
        </section>
      ) : null}

      {s.agreements.length > 0 ? (
        <section aria-labelledby="agreements-title">
          <h2 id="agreements-title">{t("forum.agreementsOfSession")}</h2>
          <AgreementsTable
            agreements={s.agreements}
            canFollowUp={allowed.followUp}
            actionData={actionData}
            caption={t("forum.agreementsOfSession")}
          />
        </section>
      ) : null}

      {minutes ? (
        <section aria-labelledby="minutes-title" className="minutes">
          <h2 id="minutes-title">{t("forum.minutes")}</h2>
          {s.minutesStatus === "APPROVED" && s.minutesHash ? (
            <div className="card fingerprint">
              <p>
                {s.minutesApprovedAt
                  ? t("forum.approvedOn", { date: formatDateTime(s.minutesApprovedAt, i18n.language) })
                  : null}
              </p>
              <p>
                {t("forum.fingerprint")}: <code data-testid="minutes-hash">{s.minutesHash}</code>
              </p>
              <p className="hint">{t("forum.fingerprintHint")}</p>
            </div>
          ) : (
            <p className="form-message info">{t("forum.draftMinutesNote")}</p>
          )}
          <p className="inline-list no-print">
            <a href={`/foro/sesiones/${s.id}/acta.md`} className="button" download>
              {t("forum.downloadMarkdown")}
            </a>
            <button type="button" className="button" onClick={() => window.print()}>
              {t("forum.print")}
            </button>
          </p>
          {allowed.circulate || allowed.approve ? (
            <Form method="post" className="inline-list no-print">
              {allowed.circulate ? (
                <button type="submit" name="intent" value="circulate" className="button primary">
                  {t("forum.circulateMinutes")}
                </button>
              ) : null}
              {allowed.approve ? (
                <button type="submit" name="intent" value="approve" className="button primary">
                  {t("forum.approveMinutes")}
                </button>
              ) : null}
            </Form>
          ) : null}
          <FormErrors id="minutes-errors" errors={[...buttonError("circulate"), ...buttonError("approve")]} />
          <div className="minutes-text" data-testid="minutes-text">
            {minutes.markdown}
          </div>
        </section>
      ) : null}
    </div>
  );
}
