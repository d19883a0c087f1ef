import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import forumStyles from "~/styles/forum.css";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import { ProseEditor } from "~/components/editor/prose-editor.tsx";
import type { z } from "zod";
import { FormErrors, plainField, Select, TextArea, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { type agreementSchema, type motionSchema } from "~/forum/forms.ts";
import { formErrorsOf, resultFor } from "~/utils/form-reply.ts";
import { AgreementsTable, forumIds, MotionCard, Notice, QuorumPanel } from "~/forum/components/parts.tsx";
import { useLiveRevalidation } from "~/components/live.tsx";
import { ANONYMOUS_COLOR, ANONYMOUS_NAME, colorForUser, roomName } from "~/collab/protocol.ts";
import { useCollabDoc } from "~/collab/use-collab-doc.ts";
import { useHydrated } from "~/collab/y-hooks.ts";
import { forumAction } from "~/forum/actions.server.ts";
import { NOTICES } from "~/forum/notices.ts";
import { minutesFragment } from "~/forum/minutes-doc.ts";
import { ATTENDANCE_STATUSES, SECTORS, voteRefusal } from "~/forum/rules.ts";
import { getSession } from "~/forum/sessions.server.ts";
import { liveMinutesBody } from "~/forum/minutes.server.ts";
import { seatOf } from "~/forum/members.server.ts";
import { sessionLiveRoom } from "~/forum/live.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "forum.livePageTitle", { title: data.session.title })
    : pageTitle(matches, "forum.errors.notFound");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const session = await getSession(params.sessionId ?? "");
  if (!session) throw textResponse(request, 404, "responses.sessionNotFound");
  const user = context.user;
  const seat = await seatOf(user);
  const myStatus = seat ? (session.roster.find((r) => r.memberId === seat.memberId)?.status ?? null) : null;
  const memberUserIds = session.roster.map((r) => r.userId).filter((id): id is string => id !== null);
  const { minutesMarkdown: _frozen, ...publicSession } = session;
  return {
    session: publicSession,
    minutesText: await liveMinutesBody(session.id),
    myMemberId: seat?.memberId ?? null,
    me: user
      ? { id: user.id, name: user.name, color: colorForUser(user.id) }
      : { id: null, name: ANONYMOUS_NAME, color: ANONYMOUS_COLOR },
    votes: Object.fromEntries(
      session.motions.map((m) => [
        m.id,
        seat
          ? voteRefusal({
              loggedIn: true,
              seat,
              motionStatus: m.status,
              attendance: myStatus,
              alreadyVoted: m.voterIds.includes(seat.memberId),
            })
          : null,
      ]),
    ),
    can: {
      rollCall: can.takeRollCall(user, seat, session),
      end: can.endForumSession(user, seat, session),
      motion: can.putMotionToVote(user, seat, session),
      closeMotion: can.closeMotion(user, seat, session),
      agreement: can.recordForumAgreement(user, seat, session),
      followUp: can.followUpForumAgreement(user, seat),
      writeMinutes: can.writeMinutes(user, { ...session, memberUserIds }),
    },
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const id = params.sessionId ?? "";
  return forumAction(request, context, { sessionId: id, returnTo: `/foro/sesiones/${id}/en-vivo` });
}

function MinutesEditor({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { session, me } = useLoaderData<typeof loader>();
  const collab = useCollabDoc(roomName("session", session.id), me.id);
  if (!collab || !(collab.synced || collab.localLoaded)) return <p role="status">{t("editor.loading")}</p>;
  return (
    <>
      <p role="status" className={`connection ${collab.connection}`} data-testid="connection-status">
        {collab.connection === "connected" && collab.synced
          ? editable
            ? t("editor.savedLive")
            : t("editor.watching")
          : collab.connection === "offline"
            ? t("editor.offline")
            : t("editor.connecting")}
      </p>
      <div className="field prose" data-field="minutes">
        <h3 className="field-label" id="label-minutes">
          {t("forum.minutesLabel")}
        </h3>
        <ProseEditor
          fragment={minutesFragment(collab.doc)}
          provider={collab.provider}
          user={{ name: me.name, color: me.color }}
          labelId="label-minutes"
          editable={editable}
        />
      </div>
    </>
  );
}

export default function LiveSessionPage() {
  const { t } = useTranslation();
  const { session: s, minutesText, myMemberId, votes, can: allowed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const hydrated = useHydrated();
  useLiveRevalidation([sessionLiveRoom(s.id)]);
  const [motionForm, motionFields] = useReplyForm<z.input<typeof motionSchema>>({
    id: "motion",
    lastResult: resultFor(actionData, "motion-open"),
  });
  const [agreementForm, agreementFields] = useReplyForm<z.input<typeof agreementSchema>>({
    id: "agreement",
    lastResult: resultFor(actionData, "agreement"),
  });
  const agendaOptions = (
    <>
      <option value="">{t("forum.noItem")}</option>
      {s.agendaItems.map((i) => (
        <option key={i.id} value={i.id}>
          {`${i.position}. ${i.title}`}
        </option>
      ))}
    </>
  );
  return (
    <div className="container live-session">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/foro">{t("forum.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to="/foro/sesiones">{t("forum.sessionsTitle")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/foro/sesiones/${s.id}`}>{s.title}</Link>
      </nav>
      <h1>
        {t("forum.liveTitle")}: {s.title}
      </h1>
      <p className="inline-list">
        <span className="badge" data-testid="session-status">
          {t(`forum.sessionStatus.${s.status}`)}
        </span>
      </p>
      <Notice messageKey={NOTICES[params.get("hecho") ?? ""] ?? null} />
      <FormErrors
        id="live-errors"
        errors={[...formErrorsOf(resultFor(actionData, "end")), ...formErrorsOf(resultFor(actionData, "roll-call"))]}
      />

      <QuorumPanel quorum={s.quorum} />

      <section aria-labelledby="rollcall-title">
        <h2 id="rollcall-title">{t("forum.rollCall")}</h2>
        <Form method="post" aria-labelledby="rollcall-title">
          <input type="hidden" name="intent" value="roll-call" />
          {SECTORS.map((sector) => {
            const people = s.roster.filter((r) => r.sector === sector);
            if (people.length === 0) return null;
            return (
              <fieldset key={sector} className="roll-call-sector">
                <legend>
                  <SectorBadge sector={sector} />
                </legend>
                <ul className="plain-list">
                  {people.map((p) => (
                    <li key={p.memberId}>
                      {allowed.rollCall ? (
                        <Select
                          meta={plainField(`status:${p.memberId}`, {
                            id: `status-${p.memberId}`,
                            value: p.status ?? "",
                            key: `${p.memberId}-${p.status ?? ""}`,
                          })}
                          className="inline-field"
                          label={
                            <>
                              {p.name ?? "—"}{" "}
                              <span className="muted">
                                ({p.organization} · {t(`forum.roles.${p.role}`, { defaultValue: p.role })})
                              </span>
                            </>
                          }
                        >
                          <option value="">{t("forum.notCalled")}</option>
                          {ATTENDANCE_STATUSES.map((st) => (
                            <option key={st} value={st}>
                              {t(`forum.attendanceStatus.${st}`)}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <>
                          {p.name ?? "—"} <span className="muted">({p.organization})</span>:{" "}
                          <strong>{p.status ? t(`forum.attendanceStatus.${p.status}`) : t("forum.notCalled")}</strong>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </fieldset>
            );
          })}
          {allowed.rollCall ? (
            <button type="submit" className="button primary">
              {t("forum.saveRollCall")}
            </button>
          ) : null}
        </Form>
      </section>

      <section aria-labelledby="motions-title">
        <h2 id="motions-title">{t("forum.motions")}</h2>
        <FormErrors id="vote-errors" errors={formErrorsOf(resultFor(actionData, "vote"))} />
        {s.motions.length === 0 ? <p>{t("forum.noMotions")}</p> : null}
        {s.motions.map((m) => {
          const refusal = votes[m.id] ?? null;
          return (
            <div key={m.id}>
              <MotionCard
                motion={m}
                myMemberId={myMemberId}
                canVote={refusal === null && myMemberId !== null}
                canClose={allowed.closeMotion}
              />
              {m.status === "OPEN" && refusal && refusal !== "already-voted" ? (
                <p className="form-message info">{t(`forum.voteRefusal.${refusal}`)}</p>
              ) : null}
            </div>
          );
        })}
        {allowed.motion ? (
          <Form method="post" className="card" aria-labelledby="new-motion-title">
            <h3 id="new-motion-title">{t("forum.newMotion")}</h3>
            <input type="hidden" name="intent" value="motion-open" />
            <FormErrors id="motion-errors" errors={motionForm.errors} />
            <TextArea meta={motionFields.text} {...forumIds("motion-text")} label={t("forum.motionText")} />
            <Select meta={motionFields.agendaItemId} {...forumIds("motion-item")} label={t("forum.agendaItemOptional")}>
              {agendaOptions}
            </Select>
            <button type="submit" className="button primary">
              {t("forum.openMotion")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="agreements-title">
        <h2 id="agreements-title">{t("forum.agreementsOfSession")}</h2>
        <AgreementsTable
          agreements={s.agreements}
          canFollowUp={allowed.followUp}
          actionData={actionData}
          caption={t("forum.agreementsOfSession")}
        />
        {allowed.agreement ? (
          <Form method="post" className="card" aria-labelledby="new-agreement-title">
            <h3 id="new-agreement-title">{t("forum.newAgreement")}</h3>
            <input type="hidden" name="intent" value="agreement" />
            <FormErrors id="agreement-errors" errors={agreementForm.errors} />
            <TextArea meta={agreementFields.text} {...forumIds("agreement-text")} label={t("forum.agreementText")} />
            <TextField
              meta={agreementFields.responsible}
              {...forumIds("agreement-responsible")}
              label={t("forum.responsible")}
            />
            <TextField
              meta={agreementFields.dueDate}
              {...forumIds("agreement-due")}
              type="date"
              label={t("forum.dueDate")}
            />
            <Select
              meta={agreementFields.agendaItemId}
              {...forumIds("agreement-item")}
              label={t("forum.agendaItemOptional")}
            >
              {agendaOptions}
            </Select>
            <button type="submit" className="button primary">
              {t("forum.newAgreement")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="minutes-title">
        <h2 id="minutes-title">{t("forum.minutesLive")}</h2>
        <p className="hint">{t("forum.minutesLiveHint")}</p>
        {!allowed.writeMinutes ? <p className="form-message info">{t("forum.minutesReadOnly")}</p> : null}
        {s.status === "SCHEDULED" ? (
          <p>{t("forum.minutesNotStarted")}</p>
        ) : hydrated ? (
          <MinutesEditor editable={allowed.writeMinutes} />
        ) : (
          <div className="minutes-text">{minutesText}</div>
        )}
      </section>

      {allowed.end ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="end" />
          <button type="submit" className="button primary">
            {t("forum.endSession")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
