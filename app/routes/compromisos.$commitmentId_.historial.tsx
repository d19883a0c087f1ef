import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { StatusBadge } from "~/components/badges.tsx";
import { CURRENT_REF, versionSchema } from "~/drafting/forms.ts";
import { versionName } from "~/drafting/components/labels.ts";
import { FormErrors, plainField, Select, TextField } from "~/components/ui/field.tsx";
import { createNamedVersion, listVersions } from "~/drafting/history.server.ts";
import { requireDraftCommitment } from "~/drafting/drafts.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { can } from "~/utils/permissions.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { textResponse } from "~/utils/responses.server.ts";

// /compromisos/:id/historial — the versions of a commitment's draft (public), the form to save a
// named version (drafting team while a draft, and the secretariat) and the form to compare two
// versions (a GET to /compromisos/:id/comparar). Everything works without JavaScript.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "drafting.historyPageTitle", { number: data.commitment.number })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const commitment = await requireDraftCommitment(request, params.commitmentId);
  const { teamUserIds: _team, ...publicFields } = commitment;
  return {
    commitment: publicFields,
    versions: await listVersions(commitment.id),
    canCreate: can.createVersion(context.user, commitment),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const id = params.commitmentId ?? "";
  const formData = await request.formData();
  if (formData.get("intent") !== "create-version") throw textResponse(request, 400, "responses.unknownAction");
  const submission = parseWithZod(formData, { schema: versionSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const result = await createNamedVersion(id, user, submission.value.name);
  if (!result.ok) {
    if (result.error === "not-found") throw textResponse(request, 404, "responses.commitmentNotFound");
    if (result.error === "forbidden") throw textResponse(request, 403, "responses.forbidden");
    return json(submission.reply({ fieldErrors: { name: ["drafting.errors.nameRequired"] } }), { status: 400 });
  }
  return redirect(`/compromisos/${id}/historial?guardada=${result.number}`);
}

export default function HistoryPage() {
  const { t, i18n } = useTranslation();
  const { commitment: c, versions, canCreate } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: versionSchema }),
  });
  const saved = searchParams.get("guardada");
  const restored = searchParams.get("restaurada");
  const restoredAs = searchParams.get("nueva");
  const notice = saved
    ? t("drafting.created", { number: saved })
    : restored && restoredAs
      ? t("drafting.restored", { restored, number: restoredAs })
      : restored
        ? t("drafting.restoredNoChange", { restored })
        : null;
  const title = c.title ?? c.titleEn ?? t("commitment.untitled");
  return (
    <div className="container">
      <CommitmentBreadcrumb commitment={c} fromPlans />
      <p className="eyebrow">{t("commitment.numberOf", { number: c.number })}</p>
      <h1>{t("drafting.historyTitle")}</h1>
      <p className="lead">{title}</p>
      <p>
        <StatusBadge status={c.status} />
      </p>
      {notice ? (
        <p role="status" className="form-message success">
          {notice}
        </p>
      ) : null}
      <p>{t("drafting.historyIntro")}</p>
      <p>
        <Link to={`/compromisos/${c.id}`}>{t("drafting.backToCommitment")}</Link>
      </p>

      <section aria-labelledby="h-versions">
        <h2 id="h-versions">{t("drafting.historyTitle")}</h2>
        {versions.length === 0 ? (
          <p className="muted">{t("drafting.noVersions")}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="versions">
              <caption className="visually-hidden">{t("drafting.versionsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("drafting.number")}</th>
                  <th scope="col">{t("drafting.version")}</th>
                  <th scope="col">{t("drafting.kind")}</th>
                  <th scope="col">{t("drafting.author")}</th>
                  <th scope="col">{t("drafting.date")}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((version) => (
                  <tr key={version.id}>
                    <td>{version.number}</td>
                    <th scope="row">
                      <Link
                        to={`/compromisos/${c.id}/historial/${version.id}`}
                        aria-label={`${t("drafting.view", { number: version.number })}: ${versionName(t, version)}`}
                      >
                        {versionName(t, version)}
                      </Link>
                    </th>
                    <td>{t(`drafting.kinds.${version.kind}`)}</td>
                    <td>{version.author ?? t("drafting.systemAuthor")}</td>
                    <td>{formatDateTime(version.createdAt, i18n.language)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {versions.length > 0 ? (
        <section aria-labelledby="h-compare" className="card">
          <h2 id="h-compare">{t("drafting.compareTitle")}</h2>
          <Form method="get" action={`/compromisos/${c.id}/comparar`} className="inline-form">
            <Select
              meta={plainField("de", { id: "compare-from", value: versions[0]!.id })}
              label={t("drafting.compareFrom")}
            >
              {versions.map((version) => (
                <option key={version.id} value={version.id}>
                  {t("drafting.versionOption", { number: version.number, name: versionName(t, version) })}
                </option>
              ))}
            </Select>
            <Select meta={plainField("a", { id: "compare-to", value: CURRENT_REF })} label={t("drafting.compareTo")}>
              <option value={CURRENT_REF}>{t("drafting.current")}</option>
              {versions.map((version) => (
                <option key={version.id} value={version.id}>
                  {t("drafting.versionOption", { number: version.number, name: versionName(t, version) })}
                </option>
              ))}
            </Select>
            <button type="submit" className="button">
              {t("drafting.compareSubmit")}
            </button>
          </Form>
        </section>
      ) : null}

      {canCreate ? (
        <section aria-labelledby="h-create" className="card">
          <h2 id="h-create">{t("drafting.createTitle")}</h2>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="create-version" />
            <TextField meta={fields.name} label={t("drafting.nameLabel")} hint={t("drafting.createHint")} />
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("drafting.createSubmit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
