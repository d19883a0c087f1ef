import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { newCommitmentAction, requireSecretariat } from "~/administration/actions.server.ts";
import { leadInstitutionOptions, listPlanCommitments, proposalsToAccept } from "~/administration/commitments.server.ts";
import { administrationLinks } from "~/administration/components/styles.ts";
import { WorkspaceNav } from "~/administration/components/workspace-nav.tsx";
import { COMMITMENT_TITLE_MAX, commitmentSchema } from "~/administration/forms.ts";
import { getWorkspacePlan } from "~/administration/plans.server.ts";
import { StatusBadge } from "~/components/badges.tsx";
import { pageTitle } from "~/utils/meta.ts";
import { FormErrors, Select, TextArea, TextField } from "~/components/ui/field.tsx";
import { resultFor } from "~/utils/form-reply.ts";
import { textResponse } from "~/utils/responses.server.ts";

// /administracion/planes/:planId/compromisos — a plan's commitments with their team, and the form
// that adds one: an empty draft on the OGP template, or one from a proposal the secretariat
// accepts into it (with the reason it gives), with its lead institution and theme. The new
// commitment's team page comes next, to form its drafting team.

export const links = administrationLinks;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "administration.commitments.pageTitle", { name: data.plan.name })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireSecretariat(context, request);
  const plan = await getWorkspacePlan(params.planId ?? "");
  if (!plan) throw textResponse(request, 404, "responses.planNotFound");
  const [commitments, proposals, institutions] = await Promise.all([
    listPlanCommitments(plan.id),
    proposalsToAccept(plan.id),
    leadInstitutionOptions(),
  ]);
  return {
    plan: { id: plan.id, name: plan.name, phase: plan.phase, themes: plan.themes },
    commitments,
    proposals,
    institutions,
  };
}

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  newCommitmentAction(request, context, params.planId ?? "");

export default function WorkspaceCommitmentsPage() {
  const { t } = useTranslation();
  const { plan, commitments, proposals, institutions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "commitment-create",
    lastResult: resultFor(data, "commitment"),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: commitmentSchema }),
  });
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/administracion">{t("administration.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to={`/administracion/planes/${plan.id}`}>{plan.name}</Link>
      </nav>
      <h1>{t("administration.commitments.title")}</h1>
      <p className="lead">{plan.name}</p>
      <WorkspaceNav />

      <section aria-labelledby="commitments-list">
        <h2 id="commitments-list">{t("administration.commitments.listTitle")}</h2>
        {commitments.length === 0 ? (
          <p>{t("administration.commitments.none")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption>{t("administration.commitments.caption", { name: plan.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("commitment.number")}</th>
                  <th scope="col">{t("commitment.title")}</th>
                  <th scope="col">{t("commitment.leadInstitution")}</th>
                  <th scope="col">{t("commitment.status")}</th>
                  <th scope="col">{t("administration.commitments.team")}</th>
                </tr>
              </thead>
              <tbody>
                {commitments.map((c) => (
                  <tr key={c.id}>
                    <td>{c.number}</td>
                    <th scope="row">
                      <Link to={`/compromisos/${c.id}`}>{c.title ?? c.titleEn ?? t("commitment.untitled")}</Link>
                      {c._count.proposals > 0 ? (
                        <>
                          <br />
                          <span className="muted">
                            {t("administration.commitments.fromProposals", { count: c._count.proposals })}
                          </span>
                        </>
                      ) : null}
                    </th>
                    <td>{c.leadInstitution?.name ?? "—"}</td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                    <td>
                      <Link to={`/compromisos/${c.id}/equipo`}>
                        {t("administration.commitments.teamLink", { count: c._count.team })}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="commitment-new" className="card">
        <h2 id="commitment-new">{t("administration.commitments.newTitle")}</h2>
        {plan.phase === "CLOSED" ? (
          <p>{t("administration.errors.planClosed")}</p>
        ) : (
          <>
            <p>{t("administration.commitments.newIntro")}</p>
            <Form method="post" {...getFormProps(form)}>
              <FormErrors id={form.errorId} errors={form.errors} />
              <TextField
                meta={fields.title}
                label={t("administration.fields.title")}
                hint={t("administration.commitments.titleHint", { max: COMMITMENT_TITLE_MAX })}
              />
              <Select
                meta={fields.fromProposalId}
                label={t("administration.fields.fromProposalId")}
                hint={t("administration.commitments.proposalHint")}
              >
                <option value="">{t("administration.commitments.emptyDraft")}</option>
                {proposals.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t("administration.commitments.proposalOption", { title: p.title, count: p.voteCount })}
                  </option>
                ))}
              </Select>
              <TextArea
                meta={fields.reason}
                label={t("administration.fields.reason")}
                hint={t("administration.commitments.reasonHint")}
                rows={3}
              />
              <Select
                meta={fields.leadInstitutionId}
                label={t("administration.fields.leadInstitutionId")}
                hint={t("administration.commitments.leadHint")}
              >
                <option value="">{t("administration.commitments.noLead")}</option>
                {institutions.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.acronym ? `${o.name} (${o.acronym})` : o.name}
                  </option>
                ))}
              </Select>
              <Select meta={fields.themeId} label={t("administration.fields.themeId")}>
                <option value="">{t("administration.commitments.noTheme")}</option>
                {plan.themes.map((theme) => (
                  <option key={theme.id} value={theme.id}>
                    {theme.name}
                  </option>
                ))}
              </Select>
              <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
                {t("administration.commitments.createSubmit")}
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}
