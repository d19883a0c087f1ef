import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { DraftContentView } from "~/drafting/components/draft-content.tsx";
import { CURRENT_REF } from "~/drafting/forms.ts";
import { versionName } from "~/drafting/components/labels.ts";
import { requireDraftCommitment } from "~/drafting/drafts.server.ts";
import { getVersion, restoreVersion } from "~/drafting/history.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { can } from "~/utils/permissions.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { textResponse } from "~/utils/responses.server.ts";

// /compromisos/:id/historial/:versionId — one saved version, read-only, and (for the drafting team
// and the secretariat while it is a draft) the button that restores it as a new change.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "drafting.versionPageTitle", {
        number: data.version.number,
        commitment: data.commitment.number,
      })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const commitment = await requireDraftCommitment(request, params.commitmentId);
  const version = await getVersion(commitment.id, params.versionId ?? "");
  if (!version) throw textResponse(request, 404, "responses.versionNotFound");
  const { teamUserIds: _team, ...publicFields } = commitment;
  return { commitment: publicFields, version, canRestore: can.restoreVersion(context.user, commitment) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const id = params.commitmentId ?? "";
  const formData = await request.formData();
  if (formData.get("intent") !== "restore") throw textResponse(request, 400, "responses.unknownAction");
  const result = await restoreVersion(id, params.versionId ?? "", user);
  if (!result.ok) {
    if (result.error === "forbidden") throw textResponse(request, 403, "responses.forbidden");
    throw textResponse(request, 404, "responses.versionNotFound");
  }
  const query = new URLSearchParams({ restaurada: String(result.restored) });
  if (result.changed) query.set("nueva", String(result.number));
  return redirect(`/compromisos/${id}/historial?${query}`);
}

export default function VersionPage() {
  const { t, i18n } = useTranslation();
  const { commitment: c, version, canRestore } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const name = versionName(t, version);
  return (
    <div className="container">
      <CommitmentBreadcrumb commitment={c} toHistory />
      <p className="eyebrow">{t("commitment.numberOf", { number: c.number })}</p>
      <h1>{t("drafting.versionTitle", { number: version.number, name })}</h1>
      <dl className="facts compact">
        <dt>{t("drafting.kind")}</dt>
        <dd>{t(`drafting.kinds.${version.kind}`)}</dd>
        <dt>{t("drafting.author")}</dt>
        <dd>{version.author ?? t("drafting.systemAuthor")}</dd>
        <dt>{t("drafting.date")}</dt>
        <dd>{formatDateTime(version.createdAt, i18n.language)}</dd>
      </dl>
      <p className="form-message info" role="note">
        {t("drafting.readOnlyNote")}
      </p>
      <p className="inline-list">
        <Link to={`/compromisos/${c.id}/historial`}>{t("drafting.backToHistory")}</Link>
        <Link to={`/compromisos/${c.id}/comparar?${new URLSearchParams({ de: version.id, a: CURRENT_REF })}`}>
          {t("drafting.compareWithCurrent")}
        </Link>
      </p>

      {canRestore ? (
        <section aria-labelledby="v-restore" className="card">
          <h2 id="v-restore">{t("drafting.restoreTitle")}</h2>
          <p>{t("drafting.restoreHint")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="restore" />
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("drafting.restoreSubmit", { number: version.number })}
            </button>
          </Form>
        </section>
      ) : null}

      <DraftContentView content={version.content} />
    </div>
  );
}
