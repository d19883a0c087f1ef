import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge, StatusBadge } from "~/components/badges.tsx";
import { ContributorsPanel } from "~/drafting/components/contributors.tsx";
import { WorkflowPanel } from "~/drafting/components/workflow.tsx";
import { CommitmentStatus } from "~/generated/prisma/enums.ts";
import { DraftContentView } from "~/drafting/components/draft-content.tsx";
import { getCommitment, getCommitmentContent } from "~/drafting/commitment.server.ts";
import { changeStatus, statusOptions } from "~/drafting/workflow.server.ts";
import { getContributors } from "~/drafting/authorship.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDate } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";
import { useLiveRevalidation } from "~/components/live.tsx";
import { CommitmentParticipation } from "~/participation/components/commitment-panel.tsx";
import { proposalsForCommitment } from "~/participation/proposals.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? [{ title: `${data.commitment.title ?? data.commitment.titleEn ?? data.commitment.number} · Minka` }]
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const commitment = await getCommitment(params.commitmentId ?? "");
  if (!commitment) throw textResponse(request, 404, "responses.commitmentNotFound");
  const { teamUserIds, ...publicFields } = commitment;
  const content = await getCommitmentContent(commitment.id);
  if (!content) throw textResponse(request, 404, "responses.commitmentNotFound");
  return {
    commitment: publicFields,
    content,
    onTeam: context.user ? teamUserIds.includes(context.user.id) : false,
    canEdit: can.editCommitment(context.user, commitment),
    statusOptions: statusOptions(context.user, commitment),
    contributors: await getContributors(commitment.id),
    proposals: await proposalsForCommitment(commitment.id),
  };
}

/** The workflow form: `intent=status`, `to=<status>` (one submit button per allowed move). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const formData = await request.formData();
  if (formData.get("intent") !== "status") throw textResponse(request, 400, "responses.unknownAction");
  const to = formData.get("to");
  if (typeof to !== "string" || !Object.hasOwn(CommitmentStatus, to)) {
    return json({ error: "drafting.invalidStatus" }, { status: 400 });
  }
  const id = params.commitmentId ?? "";
  const result = await changeStatus(id, to as CommitmentStatus, user);
  if (!result.ok) {
    if (result.error === "not-found") throw textResponse(request, 404, "responses.commitmentNotFound");
    if (result.error === "forbidden") throw textResponse(request, 403, "responses.forbidden");
    return json({ error: "drafting.invalidStatus" }, { status: 400 });
  }
  return redirect(`/compromisos/${id}?estado=cambiado`);
}

export default function CommitmentPage() {
  const { t, i18n } = useTranslation();
  const {
    commitment: c,
    content,
    onTeam,
    canEdit,
    statusOptions,
    contributors,
    proposals,
  } = useLoaderData<typeof loader>();
  useLiveRevalidation([`commitment:${c.id}`]);
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const date = (value: string | null) => (value ? formatDate(value, i18n.language) : "—");
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/planes">{t("plans.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/planes/${c.plan.id}`}>{c.plan.name}</Link>
      </nav>
      <p className="eyebrow">
        {t("commitment.numberOf", { number: c.number })}
        {c.ogpId ? ` · ${c.ogpId}` : ""}
      </p>
      <h1 lang={c.title ? undefined : "en"}>{c.title ?? c.titleEn ?? t("commitment.untitled")}</h1>
      {c.title && c.titleEn ? (
        <p className="muted" lang="en">
          {c.titleEn}
        </p>
      ) : null}
      {!c.title && c.titleEn ? <p className="muted">{t("commitment.englishOnly")}</p> : null}
      <p>
        <StatusBadge status={c.status} /> {c.plan.isDemo ? <DemoBadge /> : null}
      </p>
      {onTeam ? (
        <p className="form-message info" role="note">
          {t("commitment.onTeam")}
        </p>
      ) : null}
      <p className="inline-list">
        {c.status === "DRAFT" ? (
          <Link to={`/compromisos/${c.id}/editar`} className="button primary">
            {canEdit ? t("commitment.editLive") : t("commitment.watchLive")}
          </Link>
        ) : null}{" "}
        <Link to={`/compromisos/${c.id}/historial`} className="button">
          {t("drafting.historyLink")}
        </Link>{" "}
        <Link to={`/compromisos/${c.id}/equipo`} className="button">
          {t("drafting.team.link")}
        </Link>{" "}
        <Link to={`/compromisos/${c.id}/avances`} className="button">
          {t("monitoring.reports.link")}
        </Link>{" "}
        <Link to={`/compromisos/${c.id}/trazabilidad`} className="button">
          {t("monitoring.lineage.link")}
        </Link>
      </p>

      <dl className="facts">
        <dt>{t("commitment.leadInstitution")}</dt>
        <dd>
          {c.leadInstitution ? (
            <Link to={`/organizaciones/${c.leadInstitution.slug}`}>{c.leadInstitution.name}</Link>
          ) : (
            t("commitment.notProvided")
          )}
        </dd>
        <dt>{t("commitment.theme")}</dt>
        <dd lang={c.theme ? undefined : c.policyArea ? "en" : undefined}>
          {c.theme?.name ?? c.policyArea ?? t("commitment.notProvided")}
        </dd>
        <dt>{t("commitment.period")}</dt>
        <dd>
          {date(c.startDate)} – {date(c.endDate)}
        </dd>
        <dt>{t("commitment.contact")}</dt>
        <dd>{c.contactName ?? t("commitment.notProvided")}</dd>
        {c.completion ? (
          <>
            <dt>{t("commitment.completion")}</dt>
            <dd>{t(`completion.${c.completion}`)}</dd>
          </>
        ) : null}
        {c.earlyResults ? (
          <>
            <dt>{t("commitment.earlyResults")}</dt>
            <dd lang="en">{c.earlyResults}</dd>
          </>
        ) : null}
        {c.teamNames.length > 0 ? (
          <>
            <dt>{t("commitment.team")}</dt>
            <dd>{c.teamNames.join(", ")}</dd>
          </>
        ) : null}
      </dl>

      {c.summary ? (
        <section aria-labelledby="c-summary">
          <h2 id="c-summary">{t("commitment.summary")}</h2>
          <p>{c.summary}</p>
        </section>
      ) : null}

      <DraftContentView content={content} withHeader={false} />

      <WorkflowPanel
        status={c.status}
        options={statusOptions}
        approvedHash={c.approvedHash}
        approvedAt={c.approvedAt}
        error={actionData?.error ?? null}
        notice={searchParams.get("estado") === "cambiado" ? t("drafting.statusChanged") : null}
      />

      <ContributorsPanel contributors={contributors} />

      <CommitmentParticipation commitmentId={c.id} proposals={proposals} />

      {c.sourceUrl ? (
        <p className="source-note">
          {t("commitment.source")}: <a href={c.sourceUrl}>{c.sourceUrl}</a>
        </p>
      ) : null}
    </div>
  );
}
