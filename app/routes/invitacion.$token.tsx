import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { acceptInvitationSchema } from "~/accounts/forms.ts";
import { acceptInvitation, openInvitation, type Acceptance } from "~/administration/invitations.server.ts";
import { NewAccountFields } from "~/accounts/components/new-account-fields.tsx";
import { FormErrors } from "~/components/ui/field.tsx";
import { getLocale } from "~/utils/locale.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { createSession, sessionCookie } from "~/utils/session.server.ts";
import { LINK_REFUSED_STATUS, linkPageHeaders } from "~/mail/link-page.ts";

// /invitacion/<token> — the link of an invitation (docs/decisions/025). A newcomer sets their
// name and password and consents; a person who already has an account with that address logs in
// and confirms. Either way they get the role, the organisation and the place on the team, and
// land in the team's draft. Opening the link spends nothing (mail scanners fetch links).

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.invitationPage.title");

export const headers = linkPageHeaders;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const opened = await openInvitation(params.token ?? "");
  if (!opened.ok)
    return json(
      { refused: opened.reason, invitation: null, me: null, path: "/" },
      { status: LINK_REFUSED_STATUS[opened.reason] },
    );
  const { email, ...shown } = opened.invitation;
  const me = context.user ? { name: context.user.name, isInvitee: context.user.email === email } : null;
  // The address is shown only to its owner, or to a visitor who must create the account for it.
  return json({
    refused: null,
    invitation: { ...shown, email: me && !me.isInvitee ? null : email },
    me,
    path: `/invitacion/${params.token}`,
  });
}

/** Where an accepted invitation leads, with the welcome notice. */
const welcome = (landing: string) => `${landing}?bienvenida=1`;

/** A refused acceptance: the link's own refusals, another person's session, a second account. */
function refusal(reason: Exclude<Acceptance, { ok: true }>["reason"]) {
  if (reason === "wrong-account") return json({ wrongAccount: true }, { status: 403 });
  if (reason === "account-exists") return json({ accountExists: true }, { status: 409 });
  return json({ refused: reason }, { status: LINK_REFUSED_STATUS[reason] });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const limited = await limitOrReply([["mailLinkByIp", context.clientIp]], () => ({ tooMany: true }));
  if (limited) return limited;
  if (context.user) {
    const outcome = await acceptInvitation(token, { kind: "existing", userId: context.user.id });
    if (outcome.ok) return redirect(welcome(outcome.landing));
    return refusal(outcome.reason);
  }
  const submission = parseWithZod(await request.formData(), { schema: acceptInvitationSchema });
  if (submission.status !== "success") {
    return json({ reply: submission.reply({ hideFields: ["password", "passwordConfirm"] }) }, { status: 400 });
  }
  const outcome = await acceptInvitation(token, {
    kind: "new",
    name: submission.value.name,
    password: submission.value.password,
    locale: getLocale(request),
  });
  if (!outcome.ok) return refusal(outcome.reason);
  const session = await createSession(outcome.userId, request.headers.get("User-Agent"));
  return redirect(welcome(outcome.landing), {
    headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, context.secure) },
  });
}

type ActionData = {
  reply?: SubmissionResult<string[]>;
  refused?: "unknown" | "used" | "expired";
  tooMany?: boolean;
  wrongAccount?: boolean;
  accountExists?: boolean;
};

export default function InvitationPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.reply,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { name: data.invitation?.name ?? "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptInvitationSchema }),
  });
  const refused = actionData?.refused ?? data.refused;
  if (refused || !data.invitation) {
    const reason = refused ?? "unknown";
    return (
      <div className="container narrow">
        <h1>{t(`mail.invitationPage.${reason}Title`)}</h1>
        <p role="alert">{t(`mail.invitationPage.${reason}`)}</p>
        <p>
          <Link to="/">{t("mail.invitationPage.home")}</Link>
        </p>
      </div>
    );
  }
  const { invitation, me } = data;
  const submitting = navigation.state === "submitting";
  return (
    <div className="container narrow">
      <h1>{t("mail.invitationPage.title")}</h1>
      {actionData?.tooMany ? (
        <p role="alert" className="form-message error">
          {t("errors.tooManyAttempts")}
        </p>
      ) : null}
      <p>
        {t("mail.invitationPage.intro", {
          inviter: invitation.invitedBy,
          role: t(`administration.invitations.roles.${invitation.role}`),
        })}
      </p>
      <ul>
        {invitation.organization ? (
          <li>{t("mail.invitationPage.organization", { organization: invitation.organization })}</li>
        ) : null}
        {invitation.commitment ? (
          <li>
            {t("mail.invitationPage.team", {
              commitment: invitation.commitment.title,
              teamRole: t(`drafting.team.roles.${invitation.teamRole ?? "MEMBER"}`),
            })}
          </li>
        ) : null}
      </ul>
      {me ? (
        me.isInvitee && !actionData?.wrongAccount ? (
          <Form method="post">
            <p>{t("mail.invitationPage.confirmAs", { name: me.name })}</p>
            <button type="submit" className="button primary" disabled={submitting}>
              {t("mail.invitationPage.accept")}
            </button>
          </Form>
        ) : (
          <p role="alert" className="form-message error">
            {t("mail.invitationPage.wrongAccount", { name: me.name })}{" "}
            <Link to="/salir">{t("mail.invitationPage.logout")}</Link>
          </p>
        )
      ) : invitation.hasAccount || actionData?.accountExists ? (
        <>
          <p>{t("mail.invitationPage.loginFirst", { email: invitation.email })}</p>
          <p>
            <Link className="button primary" to={`/ingresar?${new URLSearchParams({ redirectTo: data.path })}`}>
              {t("mail.invitationPage.login")}
            </Link>
          </p>
        </>
      ) : (
        <Form method="post" {...getFormProps(form)}>
          <p>{t("mail.invitationPage.newAccount", { email: invitation.email })}</p>
          <FormErrors id={form.errorId} errors={form.errors} />
          <NewAccountFields fields={fields} />
          <button type="submit" className="button primary" disabled={submitting}>
            {t("mail.invitationPage.createAndAccept")}
          </button>
        </Form>
      )}
    </div>
  );
}
