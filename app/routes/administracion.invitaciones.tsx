import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { invitationsAction, requireSecretariat } from "~/administration/actions.server.ts";
import { administrationLinks } from "~/administration/components/styles.ts";
import { Notice, WorkspaceNav } from "~/administration/components/workspace-nav.tsx";
import { INVITATION_ROLES, invitationSchema } from "~/administration/forms.ts";
import { TEAM_ROLES } from "~/drafting/team-roles.ts";
import { invitationFormOptions, listInvitations } from "~/administration/invitations.server.ts";
import { FormErrors, Select, TextField } from "~/components/ui/field.tsx";
import { resultFor } from "~/utils/form-reply.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";

// /administracion/invitaciones — invite a person by email (a role, optionally an organisation and
// a place on a commitment's drafting team), and follow the invitations sent (docs/decisions/025).

export const links = administrationLinks;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "administration.invitations.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSecretariat(context, request);
  const [invitations, options] = await Promise.all([listInvitations(), invitationFormOptions()]);
  return { invitations, ...options };
}

export const action = ({ request, context }: ActionFunctionArgs) => invitationsAction(request, context);

export default function InvitationsPage() {
  const { t, i18n } = useTranslation();
  const { invitations, organizations, commitments } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("hecho");
  const [form, fields] = useForm({
    id: "invitation-create",
    lastResult: resultFor(data, "invite"),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { role: "CITIZEN" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: invitationSchema }),
  });
  return (
    <div className="container">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/administracion">{t("administration.title")}</Link>
      </nav>
      <h1>{t("administration.invitations.title")}</h1>
      <p className="lead">{t("administration.invitations.intro")}</p>
      <WorkspaceNav />
      <Notice text={done ? t(`administration.invitations.done.${done}`, { defaultValue: "" }) || null : null} />
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("administration.invitations.new")}</h2>
        <Form method="post" {...getFormProps(form)} className="narrow">
          <input type="hidden" name="intent" value="invite" />
          <FormErrors id={form.errorId} errors={form.errors} />
          <TextField meta={fields.email} label={t("fields.email")} type="email" autoComplete="off" />
          <TextField meta={fields.name} label={t("administration.invitations.name")} autoComplete="off" />
          <Select meta={fields.role} label={t("administration.invitations.role")}>
            {INVITATION_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`administration.invitations.roles.${role}`)}
              </option>
            ))}
          </Select>
          <Select meta={fields.organizationId} label={t("administration.invitations.organization")}>
            <option value="">{t("administration.invitations.noOrganization")}</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
          <Select meta={fields.commitmentId} label={t("administration.invitations.commitment")}>
            <option value="">{t("administration.invitations.noCommitment")}</option>
            {commitments.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </Select>
          <Select
            meta={fields.teamRole}
            label={t("administration.invitations.teamRole")}
            hint={t("administration.invitations.teamRoleHint")}
          >
            <option value="">{t("administration.invitations.noTeamRole")}</option>
            {TEAM_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`drafting.team.roles.${role}`)}
              </option>
            ))}
          </Select>
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("administration.invitations.submit")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="sent-heading">
        <h2 id="sent-heading">{t("administration.invitations.sent")}</h2>
        {invitations.length === 0 ? (
          <p>{t("administration.invitations.none")}</p>
        ) : (
          <div className="table-scroll">
            <table>
              <caption>{t("administration.invitations.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("administration.invitations.person")}</th>
                  <th scope="col">{t("administration.invitations.role")}</th>
                  <th scope="col">{t("administration.invitations.commitment")}</th>
                  <th scope="col">{t("administration.invitations.state")}</th>
                  <th scope="col">{t("administration.invitations.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((inv) => (
                  <tr key={inv.id}>
                    <th scope="row">
                      {inv.name}
                      {inv.email ? (
                        <>
                          <br />
                          <span className="muted">{inv.email}</span>
                        </>
                      ) : null}
                    </th>
                    <td>
                      {t(`administration.invitations.roles.${inv.role}`)}
                      {inv.organization ? (
                        <>
                          <br />
                          <span className="muted">{inv.organization}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {inv.commitment ? (
                        <>
                          <Link to={`/compromisos/${inv.commitment.id}/equipo`}>{inv.commitment.title}</Link>
                          <br />
                          <span className="muted">{t(`drafting.team.roles.${inv.teamRole ?? "MEMBER"}`)}</span>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td>
                      {t(`administration.invitations.states.${inv.state}`)}
                      <br />
                      <span className="muted">
                        {inv.state === "accepted" && inv.acceptedBy
                          ? inv.acceptedBy.name
                          : t("administration.invitations.expires", {
                              date: formatDateTime(inv.expiresAt, i18n.language),
                            })}
                      </span>
                    </td>
                    <td>
                      {inv.state === "pending" ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="id" value={inv.id} />
                          <button type="submit" className="button">
                            {t("administration.invitations.revoke")}
                            <span className="visually-hidden"> ({inv.name})</span>
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
