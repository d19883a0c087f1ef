import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { teamAddSchema, teamRoleSchema } from "~/drafting/forms.ts";
import { FormErrors, plainField, Select, TextField } from "~/components/ui/field.tsx";
import { addTeamMember, changeTeamRole, listTeam, removeTeamMember, type TeamFailure } from "~/drafting/team.server.ts";
import { TEAM_ROLES } from "~/drafting/team-roles.ts";
import { requireDraftCommitment } from "~/drafting/drafts.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDate } from "~/utils/format.ts";
import { getLocale } from "~/utils/locale.server.ts";
import { translator } from "~/i18n.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";

// /compromisos/:id/equipo — who drafts the commitment and their place on the team (public), and,
// for the secretariat, the forms that add a person by the email of their account with a role
// (co-lead for government, co-lead for civil society, member), change a role and remove someone.
// Plain forms: they work without JavaScript. Joining or leaving reaches open editors at once
// (read-write or read-only).

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "drafting.team.pageTitle", { number: data.commitment.number })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const commitment = await requireDraftCommitment(request, params.commitmentId);
  const { teamUserIds: _team, ...publicFields } = commitment;
  return {
    commitment: publicFields,
    team: (await listTeam(commitment.id)) ?? [],
    canManage: can.manageDraftingTeam(context.user),
  };
}

const FAILURE_STATUS: Record<TeamFailure["error"], number> = {
  "not-found": 404,
  forbidden: 403,
  "unknown-person": 400,
  already: 400,
  "not-member": 400,
  "role-refused": 400,
};
const FAILURE_MESSAGE: Record<TeamFailure["error"], string> = {
  "not-found": "errors.notFoundDetail",
  forbidden: "errors.forbiddenDetail",
  "unknown-person": "drafting.team.errors.unknownPerson",
  already: "drafting.team.errors.already",
  "not-member": "drafting.team.errors.notMember",
  "role-refused": "drafting.team.errors.roleInvalid",
};

const failureMessage = (failure: TeamFailure) => failure.reason ?? FAILURE_MESSAGE[failure.error];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const id = params.commitmentId ?? "";
  const t = translator(getLocale(request));
  const formData = await request.formData();
  const intent = formData.get("intent");
  const fail = (error: TeamFailure["error"]) => {
    if (error === "not-found" || error === "forbidden") {
      throw new Response(t(FAILURE_MESSAGE[error]), { status: FAILURE_STATUS[error] });
    }
  };
  if (intent === "team-add") {
    const submission = parseWithZod(formData, { schema: teamAddSchema });
    if (submission.status !== "success") return json(submission.reply(), { status: 400 });
    const result = await addTeamMember(user, id, submission.value.email, submission.value.role);
    if (!result.ok) {
      fail(result.error);
      const field = result.error === "role-refused" ? "role" : "email";
      return json(submission.reply({ fieldErrors: { [field]: [failureMessage(result)] } }), {
        status: FAILURE_STATUS[result.error],
      });
    }
    return redirect(`/compromisos/${id}/equipo?hecho=incorporada`);
  }
  if (intent === "team-role") {
    const submission = parseWithZod(formData, { schema: teamRoleSchema });
    if (submission.status !== "success") throw new Response(t("drafting.team.errors.roleInvalid"), { status: 400 });
    const { userId, role } = submission.value;
    const result = await changeTeamRole(user, id, userId, role);
    if (!result.ok) {
      fail(result.error);
      return json({ roleError: { userId, message: failureMessage(result) } }, { status: FAILURE_STATUS[result.error] });
    }
    return redirect(`/compromisos/${id}/equipo?hecho=rol`);
  }
  if (intent === "team-remove") {
    const userId = formData.get("userId");
    if (typeof userId !== "string" || userId.length === 0 || userId.length > 64) {
      throw new Response(t("drafting.team.errors.notMember"), { status: 400 });
    }
    const result = await removeTeamMember(user, id, userId);
    if (!result.ok) {
      fail(result.error);
      throw new Response(t(FAILURE_MESSAGE[result.error]), { status: FAILURE_STATUS[result.error] });
    }
    return redirect(`/compromisos/${id}/equipo?hecho=retirada`);
  }
  throw new Response(t("errors.badRequestDetail"), { status: 400 });
}

export default function TeamPage() {
  const { t, i18n } = useTranslation();
  const { commitment: c, team, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const lastResult = actionData && !("roleError" in actionData) ? actionData : undefined;
  const roleError = actionData && "roleError" in actionData ? actionData.roleError : null;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { role: "MEMBER" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: teamAddSchema }),
  });
  const done = searchParams.get("hecho");
  const notices: Record<string, string> = {
    incorporada: t("drafting.team.added"),
    retirada: t("drafting.team.removed"),
    rol: t("drafting.team.roleChanged"),
    "compromiso-creado": t("drafting.team.commitmentCreated"),
  };
  const notice = done ? (notices[done] ?? null) : null;
  const title = c.title ?? c.titleEn ?? t("commitment.untitled");
  return (
    <div className="container">
      <CommitmentBreadcrumb commitment={c} fromPlans />
      <p className="eyebrow">{t("commitment.numberOf", { number: c.number })}</p>
      <h1>{t("drafting.team.title")}</h1>
      <p className="lead">{title}</p>
      <p>{t("drafting.team.intro")}</p>
      {notice ? (
        <p className="form-message success" role="status">
          {notice}
        </p>
      ) : null}
      {team.length === 0 ? (
        <p>{t("drafting.team.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t("drafting.team.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("drafting.team.person")}</th>
                <th scope="col">{t("drafting.team.role")}</th>
                <th scope="col">{t("drafting.team.sector")}</th>
                <th scope="col">{t("drafting.team.organization")}</th>
                <th scope="col">{t("drafting.team.since")}</th>
                {canManage ? <th scope="col">{t("drafting.team.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {team.map((member) => (
                <tr key={member.userId}>
                  <th scope="row">{member.name}</th>
                  <td>{t(`drafting.team.roles.${member.role}`)}</td>
                  <td>{member.sector ? t(`sectors.${member.sector}`) : "—"}</td>
                  <td>{member.organization ?? t("drafting.team.noOrganization")}</td>
                  <td>{formatDate(member.since, i18n.language)}</td>
                  {canManage ? (
                    <td className="team-actions">
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="team-role" />
                        <input type="hidden" name="userId" value={member.userId} />
                        <Select
                          meta={{
                            ...plainField("role", {
                              id: `role-${member.userId}`,
                              value: member.role,
                              key: `${member.userId}-${member.role}`,
                            }),
                            errors: roleError?.userId === member.userId ? [roleError.message] : undefined,
                          }}
                          className="compact"
                          label={t("drafting.team.roleOf", { name: member.name })}
                        >
                          {TEAM_ROLES.map((role) => (
                            <option key={role} value={role}>
                              {t(`drafting.team.roles.${role}`)}
                            </option>
                          ))}
                        </Select>
                        <button type="submit" className="button">
                          {t("drafting.team.changeRole")}
                        </button>
                      </Form>
                      <Form method="post">
                        <input type="hidden" name="intent" value="team-remove" />
                        <input type="hidden" name="userId" value={member.userId} />
                        <button type="submit" className="button">
                          {t("drafting.team.remove", { name: member.name })}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? (
        <section aria-labelledby="team-add-title">
          <h2 id="team-add-title">{t("drafting.team.addTitle")}</h2>
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="team-add" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField
              meta={fields.email}
              label={t("drafting.team.email")}
              type="email"
              autoComplete="off"
              hint={t("drafting.team.emailHint")}
            />
            <Select meta={fields.role} label={t("drafting.team.role")} hint={t("drafting.team.roleHint")}>
              {TEAM_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`drafting.team.roles.${role}`)}
                </option>
              ))}
            </Select>
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("drafting.team.add")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
