import { Form, Link } from "@remix-run/react";
import type { z } from "zod";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import type { ForumActionData } from "~/forum/actions.server.ts";
import { type agreementUpdateSchema } from "~/forum/forms.ts";
import { SECTORS, type QuorumResult, type Tally } from "~/forum/rules.ts";
import { formatDate } from "~/utils/format.ts";
import { FormErrors, Select, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { TableWrap } from "~/components/ui/table-wrap.tsx";
import { resultFor } from "~/utils/form-reply.ts";

/** Quorum now, with the count and the sectors missing; announced politely when it changes. */
export function QuorumPanel({ quorum }: { quorum: QuorumResult }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="quorum-title" className={`card quorum ${quorum.reached ? "reached" : "not-reached"}`}>
      <h2 id="quorum-title">{t("forum.quorum")}</h2>
      <p role="status" aria-live="polite" data-testid="quorum">
        <strong>{quorum.reached ? `✔ ${t("forum.quorumReached")}` : `✖ ${t("forum.quorumNotReached")}`}</strong>
      </p>
      <p>{t("forum.quorumCount", { attending: quorum.attending, total: quorum.total, required: quorum.required })}</p>
      {quorum.missingSectors.length > 0 ? (
        <p>
          {t("forum.quorumMissingSectors", { sectors: quorum.missingSectors.map((s) => t(`sectors.${s}`)).join(", ") })}
        </p>
      ) : null}
      <ul className="inline-list">
        {SECTORS.map((s) => (
          <li key={s}>
            <SectorBadge sector={s} />{" "}
            {t("forum.sectorAttendance", { attending: quorum.bySector[s].attending, total: quorum.bySector[s].total })}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A motion's result: totals and a table by sector. */
export function TallyView({ tally, id }: { tally: Tally; id: string }) {
  const { t } = useTranslation();
  return (
    <>
      <p data-testid={`tally-${id}`}>
        {t("forum.votes.FOR")}: <strong>{tally.FOR}</strong> · {t("forum.votes.AGAINST")}:{" "}
        <strong>{tally.AGAINST}</strong> · {t("forum.votes.ABSTAIN")}: <strong>{tally.ABSTAIN}</strong>
      </p>
      <TableWrap label={t("forum.votesBySector")}>
        <table>
          <caption>{t("forum.votesBySector")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("organizations.sector")}</th>
              <th scope="col">{t("forum.votes.FOR")}</th>
              <th scope="col">{t("forum.votes.AGAINST")}</th>
              <th scope="col">{t("forum.votes.ABSTAIN")}</th>
            </tr>
          </thead>
          <tbody>
            {SECTORS.map((s) => (
              <tr key={s}>
                <th scope="row">{t(`sectors.${s}`)}</th>
                <td>{tally.bySector[s].FOR}</td>
                <td>{tally.bySector[s].AGAINST}</td>
                <td>{tally.bySector[s].ABSTAIN}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}

export type MotionView = {
  id: string;
  text: string;
  status: string;
  tally: Tally;
  voterIds: string[];
};

/** One motion: its status and result, the vote buttons for a member who may vote, and the chair's close button. */
export function MotionCard({
  motion,
  myMemberId,
  canVote,
  canClose,
}: {
  motion: MotionView;
  myMemberId: string | null;
  canVote: boolean;
  canClose: boolean;
}) {
  const { t } = useTranslation();
  const voted = myMemberId !== null && motion.voterIds.includes(myMemberId);
  return (
    <article className="card motion" aria-labelledby={`motion-${motion.id}`} data-testid="motion">
      <h3 id={`motion-${motion.id}`}>{motion.text}</h3>
      <p>
        <span className={`badge motion-${motion.status.toLowerCase()}`}>
          {t(`forum.motionStatus.${motion.status}`)}
        </span>
      </p>
      <TallyView tally={motion.tally} id={motion.id} />
      {motion.status === "OPEN" && voted ? <p className="form-message info">{t("forum.youVoted")}</p> : null}
      {motion.status === "OPEN" && canVote && !voted ? (
        <Form method="post" className="inline-list vote-buttons" aria-label={t("forum.motionText")}>
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="motionId" value={motion.id} />
          <button type="submit" name="choice" value="FOR" className="button primary">
            {t("forum.voteFor")}
          </button>
          <button type="submit" name="choice" value="AGAINST" className="button">
            {t("forum.voteAgainst")}
          </button>
          <button type="submit" name="choice" value="ABSTAIN" className="button">
            {t("forum.voteAbstain")}
          </button>
        </Form>
      ) : null}
      {motion.status === "OPEN" && canClose ? (
        <Form method="post">
          <input type="hidden" name="intent" value="motion-close" />
          <input type="hidden" name="motionId" value={motion.id} />
          <button type="submit" className="button">
            {t("forum.closeMotion")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}

export type AgreementView = {
  id: string;
  text: string;
  responsible: string;
  dueDate: string;
  status: string;
  evidence: string | null;
  overdue: boolean;
  commitmentId: string | null;
  session?: { id: string; title: string; number: number | null } | null;
};

/** Agreements with status, evidence and overdue ones highlighted; follow-up forms for the chair and secretariat. */
export function AgreementsTable({
  agreements,
  canFollowUp,
  actionData,
  caption,
}: {
  agreements: AgreementView[];
  canFollowUp: boolean;
  actionData: ForumActionData | undefined;
  caption: string;
}) {
  const { t, i18n } = useTranslation();
  if (agreements.length === 0) return <p>{t("forum.noAgreements")}</p>;
  return (
    <TableWrap label={caption}>
      <table className="agreements">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("forum.agreement")}</th>
            <th scope="col">{t("forum.responsible")}</th>
            <th scope="col">{t("forum.dueDate")}</th>
            <th scope="col">{t("forum.status")}</th>
            <th scope="col">{t("forum.evidence")}</th>
          </tr>
        </thead>
        <tbody>
          {agreements.map((a) => {
            return (
              <tr key={a.id} className={a.overdue ? "overdue" : undefined} data-testid="agreement-row">
                <td>
                  {a.text}
                  {a.session ? (
                    <>
                      <br />
                      <Link to={`/foro/sesiones/${a.session.id}`} className="muted">
                        {a.session.title}
                      </Link>
                    </>
                  ) : null}
                  {a.commitmentId ? (
                    <>
                      <br />
                      <Link to={`/compromisos/${a.commitmentId}`}>{t("forum.commitmentLink")}</Link>
                    </>
                  ) : null}
                </td>
                <td>{a.responsible}</td>
                <td>
                  {formatDate(a.dueDate, i18n.language)}
                  {a.overdue ? (
                    <>
                      {" "}
                      <strong className="badge overdue-badge">⚠ {t("forum.overdue")}</strong>
                    </>
                  ) : null}
                </td>
                <td>{t(`forum.agreementStatus.${a.status}`)}</td>
                <td>
                  {a.evidence ?? "—"}
                  {canFollowUp ? <FollowUpForm agreement={a} actionData={actionData} /> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The ids of a forum form's field: the control's, and its error list's (`<id>-errors`). */
export function forumIds(id: string) {
  return { id, errorId: `${id}-errors` };
}

/** The chair's or secretariat's follow-up of one agreement: its status and evidence. */
function FollowUpForm({
  agreement: a,
  actionData,
}: {
  agreement: AgreementView;
  actionData: ForumActionData | undefined;
}) {
  const { t } = useTranslation();
  const [form, fields] = useReplyForm<z.input<typeof agreementUpdateSchema>>({
    id: `fu-${a.id}`,
    lastResult: resultFor(actionData, "agreement-update", a.id),
    defaultValue: { status: a.status },
  });
  return (
    <Form method="post" className="follow-up">
      <input type="hidden" name="intent" value="agreement-update" />
      <input type="hidden" name="agreementId" value={a.id} />
      <FormErrors id={`fu-${a.id}-errors`} errors={form.errors} />
      <Select meta={fields.status} {...forumIds(`fu-${a.id}-status`)} label={t("forum.status")}>
        {(["PENDING", "IN_PROGRESS", "DONE"] as const).map((s) => (
          <option key={s} value={s}>
            {t(`forum.agreementStatus.${s}`)}
          </option>
        ))}
      </Select>
      <TextField
        meta={fields.evidence}
        {...forumIds(`fu-${a.id}-evidence`)}
        label={t("forum.evidence")}
        hint={t("forum.evidenceHint")}
      />
      <button type="submit" className="button">
        {t("forum.updateAgreement")}
      </button>
    </Form>
  );
}

/** The notice after a successful act, if any. */
export function Notice({ messageKey }: { messageKey: string | null }) {
  const { t } = useTranslation();
  if (!messageKey) return null;
  return (
    <p role="status" className="form-message success">
      {t(messageKey)}
    </p>
  );
}
