import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge, SectorBadge, StatusBadge } from "~/components/badges.tsx";
import { ContributorsPanel } from "~/components/drafting/contributors.tsx";
import { WorkflowPanel } from "~/components/drafting/workflow.tsx";
import { CommitmentStatus } from "~/generated/prisma/enums.ts";
import { getCommitment } from "~/models/commitment.server.ts";
import { changeStatus, getContributors, statusOptions } from "~/models/draft.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDate } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? [{ title: `${data.commitment.title ?? data.commitment.titleEn ?? data.commitment.number} · Minka` }]
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ params, context }: LoaderFunctionArgs) {
  const commitment = await getCommitment(params.commitmentId ?? "");
  if (!commitment) throw new Response("No encontramos ese compromiso.", { status: 404 });
  const { teamUserIds, ...publicFields } = commitment;
  return {
    commitment: publicFields,
    onTeam: context.user ? teamUserIds.includes(context.user.id) : false,
    canEdit: can.editCommitment(context.user, commitment),
    statusOptions: statusOptions(context.user, commitment),
    contributors: await getContributors(commitment.id),
  };
}

/** The workflow form: `intent=status`, `to=<status>` (one submit button per allowed move). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const formData = await request.formData();
  if (formData.get("intent") !== "status") throw new Response("Acción desconocida.", { status: 400 });
  const to = formData.get("to");
  if (typeof to !== "string" || !Object.hasOwn(CommitmentStatus, to)) {
    return json({ error: "drafting.invalidStatus" }, { status: 400 });
  }
  const id = params.commitmentId ?? "";
  const result = await changeStatus(id, to as CommitmentStatus, user);
  if (!result.ok) {
    if (result.error === "not-found") throw new Response("No encontramos ese compromiso.", { status: 404 });
    if (result.error === "forbidden") throw new Response("No tienes permiso para hacer esto.", { status: 403 });
    return json({ error: "drafting.invalidStatus" }, { status: 400 });
  }
  return redirect(`/compromisos/${id}?estado=cambiado`);
}

function Prose({ text }: { text: string | null }) {
  const { t } = useTranslation();
  if (!text) return <p className="muted">{t("commitment.notProvided")}</p>;
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </>
  );
}

export default function CommitmentPage() {
  const { t, i18n } = useTranslation();
  const { commitment: c, onTeam, canEdit, statusOptions, contributors } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const date = (value: string | null) => (value ? formatDate(value, i18n.language) : "—");
  const values = [
    ["valueAccessToInformation", c.valueAccessToInformation],
    ["valueCivicParticipation", c.valueCivicParticipation],
    ["valuePublicAccountability", c.valuePublicAccountability],
    ["valueTechnology", c.valueTechnology],
  ] as const;
  const hasValues = values.some(([, value]) => value !== null);
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

      <section aria-labelledby="c-problem">
        <h2 id="c-problem">{t("commitment.problem")}</h2>
        <Prose text={c.problem} />
        <h3>{t("commitment.baseline")}</h3>
        <Prose text={c.baseline} />
      </section>

      <section aria-labelledby="c-description">
        <h2 id="c-description">{t("commitment.description")}</h2>
        <Prose text={c.description} />
      </section>

      <section aria-labelledby="c-contribution">
        <h2 id="c-contribution">{t("commitment.contribution")}</h2>
        <Prose text={c.contribution} />
      </section>

      <section aria-labelledby="c-values">
        <h2 id="c-values">{t("commitment.values")}</h2>
        {hasValues ? (
          <ul className="checklist">
            {values.map(([key, value]) => (
              <li key={key} className={value ? "yes" : "no"}>
                <span aria-hidden="true">{value ? "✔" : "✖"}</span> {t(`commitment.${key}`)}
                <span className="visually-hidden">: {value ? t("common.yes") : t("common.no")}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("commitment.notProvided")}</p>
        )}
      </section>

      <section aria-labelledby="c-actors">
        <h2 id="c-actors">{t("commitment.supportingActors")}</h2>
        {c.supportingActors.length === 0 ? (
          <p className="muted">{t("commitment.notProvided")}</p>
        ) : (
          <ul>
            {c.supportingActors.map((actor) => (
              <li key={actor.id}>
                {actor.name} <SectorBadge sector={actor.sector} />
                {actor.role ? ` — ${actor.role}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="c-milestones">
        <h2 id="c-milestones">{t("commitment.milestones")}</h2>
        {c.milestones.length === 0 ? (
          <p className="muted">{t("commitment.notProvided")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("commitment.milestone")}</th>
                  <th scope="col">{t("commitment.output")}</th>
                  <th scope="col">{t("commitment.dates")}</th>
                  <th scope="col">{t("commitment.responsible")}</th>
                </tr>
              </thead>
              <tbody>
                {c.milestones.map((m) => (
                  <tr key={m.id}>
                    <td>{m.description}</td>
                    <td>{m.output ?? "—"}</td>
                    <td>
                      {date(m.startDate)} – {date(m.endDate)}
                    </td>
                    <td>{m.responsible ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="c-indicators">
        <h2 id="c-indicators">{t("commitment.indicators")}</h2>
        {c.indicators.length === 0 ? (
          <p className="muted">{t("commitment.notProvided")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("commitment.indicatorKind")}</th>
                  <th scope="col">{t("commitment.indicator")}</th>
                  <th scope="col">{t("commitment.baselineValue")}</th>
                  <th scope="col">{t("commitment.target")}</th>
                  <th scope="col">{t("commitment.unit")}</th>
                  <th scope="col">{t("editor.dueDate")}</th>
                </tr>
              </thead>
              <tbody>
                {c.indicators.map((indicator) => (
                  <tr key={indicator.id}>
                    <td>{t(`indicatorKinds.${indicator.kind}`)}</td>
                    <td>{indicator.name}</td>
                    <td>{indicator.baseline ?? "—"}</td>
                    <td>{indicator.target ?? "—"}</td>
                    <td>{indicator.unit ?? "—"}</td>
                    <td>{date(indicator.dueDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <WorkflowPanel
        status={c.status}
        options={statusOptions}
        approvedHash={c.approvedHash}
        approvedAt={c.approvedAt}
        error={actionData?.error ?? null}
        notice={searchParams.get("estado") === "cambiado" ? t("drafting.statusChanged") : null}
      />

      <ContributorsPanel contributors={contributors} />

      {c.sourceUrl ? (
        <p className="source-note">
          {t("commitment.source")}: <a href={c.sourceUrl}>{c.sourceUrl}</a>
        </p>
      ) : null}
    </div>
  );
}
