import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { plainField, Select } from "~/components/ui/field.tsx";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { ComparisonView } from "~/drafting/components/comparison.tsx";
import { CURRENT_REF } from "~/drafting/forms.ts";
import { versionName } from "~/drafting/components/labels.ts";
import { compareDrafts, type ComparisonSide } from "~/drafting/compare.server.ts";
import { requireDraftCommitment } from "~/drafting/drafts.server.ts";
import { listVersions } from "~/drafting/history.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { textResponse } from "~/utils/responses.server.ts";

// /compromisos/:id/comparar?de=<version id>&a=<version id | actual> — two states of the draft
// compared field by field (public). Missing or malformed parameters are a 400; versions that are
// not this commitment's, a 404.

const REF = /^[A-Za-z0-9_-]{1,64}$/;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "drafting.comparePageTitle", { number: data.commitment.number })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const commitment = await requireDraftCommitment(request, params.commitmentId);
  const url = new URL(request.url);
  const from = url.searchParams.get("de") ?? "";
  const to = url.searchParams.get("a") ?? "";
  if (!REF.test(from) || !REF.test(to)) {
    throw textResponse(request, 400, "responses.chooseTwoVersions");
  }
  const comparison = await compareDrafts(commitment.id, from, to);
  if (!comparison) throw textResponse(request, 404, "responses.versionsNotFound");
  const { teamUserIds: _team, ...publicFields } = commitment;
  return { commitment: publicFields, comparison, versions: await listVersions(commitment.id) };
}

export default function ComparePage() {
  const { t } = useTranslation();
  const { commitment: c, comparison, versions } = useLoaderData<typeof loader>();
  const sideName = (side: ComparisonSide) =>
    side.number === null || side.kind === null || side.name === null
      ? t("drafting.current")
      : t("drafting.versionOption", {
          number: side.number,
          name: versionName(t, { number: side.number, kind: side.kind, name: side.name }),
        });
  const options = (
    <>
      <option value={CURRENT_REF}>{t("drafting.current")}</option>
      {versions.map((version) => (
        <option key={version.id} value={version.id}>
          {t("drafting.versionOption", { number: version.number, name: versionName(t, version) })}
        </option>
      ))}
    </>
  );
  return (
    <div className="container">
      <CommitmentBreadcrumb commitment={c} toHistory />
      <p className="eyebrow">{t("commitment.numberOf", { number: c.number })}</p>
      <h1>{t("drafting.compareHeading")}</h1>
      <p className="lead">{t("drafting.fromTo", { from: sideName(comparison.from), to: sideName(comparison.to) })}</p>
      <p className="inline-list">
        <Link to={`/compromisos/${c.id}/historial`}>{t("drafting.backToHistory")}</Link>
        <Link to={`/compromisos/${c.id}`}>{t("drafting.backToCommitment")}</Link>
      </p>

      <section aria-labelledby="compare-again" className="card">
        <h2 id="compare-again">{t("drafting.compareTitle")}</h2>
        <Form method="get" className="inline-form">
          <Select
            meta={plainField("de", { id: "compare-from", value: comparison.from.ref })}
            label={t("drafting.compareFrom")}
          >
            {options}
          </Select>
          <Select
            meta={plainField("a", { id: "compare-to", value: comparison.to.ref })}
            label={t("drafting.compareTo")}
          >
            {options}
          </Select>
          <button type="submit" className="button">
            {t("drafting.compareSubmit")}
          </button>
        </Form>
      </section>

      <ComparisonView comparison={comparison} />
    </div>
  );
}
