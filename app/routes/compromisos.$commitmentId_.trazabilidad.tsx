import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DemoBadge, SectorBadge } from "~/components/badges.tsx";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { commitmentLineage, draftVersions, latestVerification, type LineageEntry } from "~/record/lineage.server.ts";
import { getReportableCommitment } from "~/monitoring/progress.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { textResponse } from "~/utils/responses.server.ts";
import { FormErrors } from "~/components/ui/field.tsx";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? [{ title: `¿Quién propuso y respaldó qué? Compromiso ${data.commitment.number} · Minka` }]
    : pageTitle(matches, "errors.notFoundTitle");

async function verificationView(fresh: boolean) {
  const { result, checkedAt } = await latestVerification(fresh);
  return {
    checkedAt: checkedAt.toISOString(),
    ok: result.ok,
    count: result.count,
    head: result.ok && result.head ? { seq: result.head.seq, hash: result.head.hash } : null,
    broken: result.ok ? null : result.broken,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const commitment = await getReportableCommitment(params.commitmentId ?? "");
  if (!commitment) throw textResponse(request, 404, "responses.commitmentNotFound");
  const [lineage, versions, verification] = await Promise.all([
    commitmentLineage(commitment.id),
    draftVersions(commitment.id),
    verificationView(false),
  ]);
  const { teamUserIds: _team, milestones: _m, indicators: _i, ...c } = commitment;
  return { commitment: c, lineage, versions, verification };
}

/** "Verify now": walks the whole chain again (rate-limited, it reads every entry). */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  if (formData.get("intent") !== "verify") throw textResponse(request, 400, "responses.unknownAction");
  const limited = await limitOrReply([["ledgerVerifyByIp", context.clientIp]], () => ({
    error: "monitoring.lineage.tooManyChecks",
  }));
  if (limited) return limited;
  return json({ verification: await verificationView(true), error: null });
}

function ActorName({ entry }: { entry: Pick<LineageEntry, "actor" | "organization"> }) {
  const { t } = useTranslation();
  const person = entry.actor ? (entry.actor.name ?? t("monitoring.deletedParticipant")) : null;
  const org = entry.organization ? (entry.organization.name ?? t("monitoring.deletedOrganization")) : null;
  if (!person && !org) return <>{t("monitoring.lineage.system")}</>;
  return <>{[person, org].filter(Boolean).join(" · ")}</>;
}

function EntryList({ entries }: { entries: LineageEntry[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="lineage-entries">
      {entries.map((e) => (
        <li key={e.seq}>
          <p>
            <strong>{t(`monitoring.acts.${e.kind.replace(/\./g, "_")}`, { defaultValue: e.kind })}</strong>{" "}
            <span className="muted">
              — <ActorName entry={e} /> {e.sector ? <SectorBadge sector={e.sector} /> : null} ·{" "}
              <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
            </span>
          </p>
          {describe(e, t)}
          <p className="muted small">
            {t("monitoring.lineage.entry", { seq: e.seq })} · <code className="hash">{e.hash.slice(0, 16)}…</code>
          </p>
        </li>
      ))}
    </ol>
  );
}

function describe(e: LineageEntry, t: (key: string, options?: Record<string, unknown>) => string) {
  const d = e.data;
  if (e.kind === "commitment.status" || e.kind === "commitment.approved") {
    return (
      <p>
        {t("monitoring.lineage.statusChange", {
          from: t(`commitmentStatus.${String(d.from)}`),
          to: t(`commitmentStatus.${String(d.to)}`),
        })}
        {typeof d.contentSha256 === "string" ? (
          <>
            {" "}
            {t("monitoring.lineage.approvedHash")} <code className="hash">{d.contentSha256}</code>
          </>
        ) : null}
      </p>
    );
  }
  if (e.kind === "progress.reported") {
    return (
      <p>
        {t("monitoring.lineage.progress", {
          period: String(d.period),
          completion: t(`monitoring.completion.${String(d.completion)}`),
          source: t(`monitoring.form.sources.${String(d.source)}`),
        })}
      </p>
    );
  }
  const text = [d.title, d.summary, d.text].find((v) => typeof v === "string");
  return typeof text === "string" ? <p>{text}</p> : null;
}

export default function LineagePage() {
  const { t, i18n } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { commitment: c, lineage, versions } = loaderData;
  const verification =
    (actionData && "verification" in actionData && actionData.verification) || loaderData.verification;
  const actionError = actionData && "error" in actionData ? actionData.error : null;
  const nothing =
    lineage.proposals.length === 0 &&
    lineage.workflow.length === 0 &&
    lineage.forum.length === 0 &&
    lineage.progress.length === 0 &&
    versions.length === 0;
  return (
    <div className="container">
      <CommitmentBreadcrumb commitment={c} fromPlans />
      <p className="eyebrow">{t("commitment.numberOf", { number: c.number })}</p>
      <h1>{t("monitoring.lineage.title")}</h1>
      <p className="lead" lang={c.title ? undefined : "en"}>
        {c.title ?? c.titleEn} {c.plan.isDemo ? <DemoBadge /> : null}
      </p>
      <p>{t("monitoring.lineage.intro")}</p>

      <section aria-labelledby="verification" className={`card verification ${verification.ok ? "ok" : "broken"}`}>
        <h2 id="verification">{t("monitoring.lineage.verificationTitle")}</h2>
        {verification.ok ? (
          <p role="status">
            {verification.head
              ? t("monitoring.lineage.verifiedHead", {
                  count: verification.count,
                  seq: verification.head.seq,
                  date: formatDateTime(verification.checkedAt, i18n.language),
                })
              : t("monitoring.lineage.verifiedEmpty", { date: formatDateTime(verification.checkedAt, i18n.language) })}
            {verification.head ? (
              <>
                {" "}
                <code className="hash">{verification.head.hash}</code>
              </>
            ) : null}
          </p>
        ) : (
          <p role="alert">
            {t("monitoring.lineage.broken", {
              seq: verification.broken?.seq,
              date: formatDateTime(verification.checkedAt, i18n.language),
            })}
          </p>
        )}
        <Form method="post">
          <input type="hidden" name="intent" value="verify" />
          <button type="submit" className="button">
            {t("monitoring.lineage.verifyNow")}
          </button>
        </Form>
        <FormErrors id="verify-errors" errors={actionError ? [actionError] : undefined} />
        <p className="muted small">
          {t("monitoring.lineage.howToVerify")} <Link to="/datos">{t("monitoring.data.title")}</Link>
        </p>
      </section>

      {nothing ? <p>{t("monitoring.lineage.empty")}</p> : null}

      <section aria-labelledby="proposals">
        <h2 id="proposals">{t("monitoring.lineage.proposalsTitle")}</h2>
        {lineage.proposals.length === 0 ? (
          <p>{t("monitoring.lineage.noProposals")}</p>
        ) : (
          lineage.proposals.map((p) => (
            <article key={p.id} className="card" aria-labelledby={`proposal-${p.id}`}>
              <h3 id={`proposal-${p.id}`}>{t("monitoring.lineage.proposal", { id: p.id })}</h3>
              <p>
                {t("monitoring.lineage.votes", { net: p.votes.net, cast: p.votes.cast, withdrawn: p.votes.withdrawn })}
              </p>
              <h4>{t("monitoring.lineage.endorsers", { count: p.endorsers.length })}</h4>
              {p.endorsers.length === 0 ? (
                <p>{t("monitoring.lineage.noEndorsers")}</p>
              ) : (
                <ul>
                  {p.endorsers.map((en, i) => (
                    <li key={i}>
                      <ActorName entry={en} /> {en.sector ? <SectorBadge sector={en.sector} /> : null}
                    </li>
                  ))}
                </ul>
              )}
              <EntryList entries={p.entries} />
            </article>
          ))
        )}
      </section>

      <section aria-labelledby="drafts">
        <h2 id="drafts">{t("monitoring.lineage.draftsTitle")}</h2>
        {versions.length === 0 ? (
          <p>{t("monitoring.lineage.noVersions")}</p>
        ) : (
          <ol>
            {versions.map((v) => (
              <li key={v.number}>
                {t("monitoring.lineage.version", { number: v.number, name: v.name })} —{" "}
                {v.createdBy?.name ?? t("monitoring.lineage.system")} ·{" "}
                <time dateTime={v.createdAt}>{formatDateTime(v.createdAt, i18n.language)}</time>
              </li>
            ))}
          </ol>
        )}
        <p>
          <Link to={`/compromisos/${c.id}/historial`}>{t("monitoring.lineage.historyLink")}</Link>
        </p>
      </section>

      <section aria-labelledby="forum">
        <h2 id="forum">{t("monitoring.lineage.forumTitle")}</h2>
        {lineage.forum.length === 0 ? <p>{t("monitoring.lineage.noForum")}</p> : <EntryList entries={lineage.forum} />}
      </section>

      <section aria-labelledby="approval">
        <h2 id="approval">{t("monitoring.lineage.workflowTitle")}</h2>
        {lineage.workflow.length === 0 ? (
          <p>{t("monitoring.lineage.noWorkflow")}</p>
        ) : (
          <EntryList entries={lineage.workflow} />
        )}
      </section>

      <section aria-labelledby="progress">
        <h2 id="progress">{t("monitoring.lineage.progressTitle")}</h2>
        {lineage.progress.length === 0 ? (
          <p>{t("monitoring.lineage.noProgress")}</p>
        ) : (
          <EntryList entries={lineage.progress} />
        )}
        <p>
          <Link to={`/compromisos/${c.id}/avances`}>{t("monitoring.reports.link")}</Link>
        </p>
      </section>

      {lineage.other.length > 0 ? (
        <section aria-labelledby="other">
          <h2 id="other">{t("monitoring.lineage.otherTitle")}</h2>
          <EntryList entries={lineage.other} />
        </section>
      ) : null}
    </div>
  );
}
