import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getPractice, publishPractice } from "~/monitoring/practices.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDate } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";
import { FormErrors } from "~/components/ui/field.tsx";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? [{ title: `${data.practice.title} · Minka` }] : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const practice = await getPractice(params.practiceId ?? "", context.user);
  if (!practice) throw textResponse(request, 404, "responses.practiceNotFound");
  const { submittedById: _s, reviewedById: _r, ...rest } = practice;
  return { practice: rest, canPublish: practice.status === "SUBMITTED" && can.reviewPractice(context.user) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.reviewPractice(user), request, "responses.reviewersOnly");
  const formData = await request.formData();
  if (formData.get("intent") !== "publish") throw textResponse(request, 400, "responses.unknownAction");
  const result = await publishPractice(params.practiceId ?? "", user);
  if (!result.ok) {
    if (result.error === "not-found") throw textResponse(request, 404, "responses.practiceNotFound");
    if (result.error === "forbidden") throw textResponse(request, 403, "responses.forbidden");
    return json({ error: "monitoring.practices.alreadyPublished" }, { status: 400 });
  }
  return redirect(`/buenas-practicas/${params.practiceId}`);
}

export default function PracticePage() {
  const { t, i18n } = useTranslation();
  const { practice: p, canPublish } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/buenas-practicas">{t("monitoring.practices.title")}</Link>
      </nav>
      {searchParams.get("enviada") ? (
        <p role="status" className="form-message success">
          {t("monitoring.practices.submitted")}
        </p>
      ) : null}
      <h1>{p.title}</h1>
      <p>
        <span className={`badge practice-${p.status.toLowerCase()}`}>
          {t(`monitoring.practices.status.${p.status}`)}
        </span>
      </p>
      <dl className="facts">
        <dt>{t("monitoring.practices.entity")}</dt>
        <dd>{p.entity}</dd>
        <dt>{t("monitoring.territory")}</dt>
        <dd>{p.territory.name}</dd>
        <dt>{t("monitoring.practices.theme")}</dt>
        <dd>{p.theme}</dd>
        <dt>{t("monitoring.practices.submittedBy")}</dt>
        <dd>{p.submittedBy?.name ?? t("monitoring.deletedParticipant")}</dd>
        {p.publishedAt ? (
          <>
            <dt>{t("monitoring.practices.publishedAt")}</dt>
            <dd>{formatDate(p.publishedAt, i18n.language)}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("monitoring.practices.whatWasDone")}</h2>
      <p className="narrative">{p.whatWasDone}</p>
      <h2>{t("monitoring.practices.results")}</h2>
      <p className="narrative">{p.results}</p>
      {p.evidence.length > 0 ? (
        <>
          <h2>{t("monitoring.practices.evidence")}</h2>
          <ul>
            {p.evidence.map((e) =>
              e.url ? (
                <li key={e.id}>
                  <a href={e.url} rel="noopener noreferrer nofollow">
                    {e.url}
                  </a>
                </li>
              ) : (
                <li key={e.id}>
                  <a href={`/evidencias/${e.id}`} download>
                    {e.fileName}
                  </a>
                </li>
              ),
            )}
          </ul>
        </>
      ) : null}
      {p.commitments.length > 0 ? (
        <>
          <h2>{t("monitoring.practices.linkedCommitments")}</h2>
          <ul>
            {p.commitments.map(({ commitment: c }) => (
              <li key={c.id}>
                <Link to={`/compromisos/${c.id}`}>
                  {t("commitment.numberOf", { number: c.number })}: {c.title ?? c.titleEn}
                </Link>{" "}
                <span className="muted">({c.plan.name})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {canPublish ? (
        <Form method="post">
          <input type="hidden" name="intent" value="publish" />
          <button type="submit" className="button primary">
            {t("monitoring.practices.publish")}
          </button>
        </Form>
      ) : null}
      <FormErrors id="publish-errors" errors={actionData?.error ? [actionData.error] : undefined} />
    </div>
  );
}
