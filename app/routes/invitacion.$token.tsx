import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { acceptInvitationSchema } from "~/accounts/forms.ts";
import { acceptInvitation, openInvitation } from "~/administration/invitations.server.ts";
import { Checkbox, FormErrors, TextField } from "~/components/ui/field.tsx";
import { PRIVACY_POLICY_VERSION } from "~/privacy.ts";
import { getLocale } from "~/utils/locale.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { createSession, sessionCookie } from "~/utils/session.server.ts";

// /invitacion/<token> — the link of an invitation (docs/decisions/025). A newcomer sets their
// name and password and consents; a person who already has an account with that address logs in
// and confirms. Either way they get the role, the organisation and the place on the team, and
// land in the team's draft. Opening the link spends nothing (mail scanners fetch links).

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.invitationPage.title");

// The token is in the address: never cache the page; keep Retry-After on a 429.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers({ "Cache-Control": "no-store" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

const REFUSED_STATUS = { unknown: 404, used: 410, expired: 410 } as const;

export async function loader({ params, context }: LoaderFunctionArgs) {
  const opened = await openInvitation(params.token ?? "");
  if (!opened.ok)
    return json(
      { refused: opened.reason, invitation: null, me: null, path: "/" },
      { status: REFUSED_STATUS[opened.reason] },
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const limited = await limitOrReply([["mailLinkByIp", context.clientIp]], () => ({ tooMany: true }));
  if (limited) return limited;
  if (context.user) {
    const outcome = await acceptInvitation(token, { kind: "existing", userId: context.user.id });
    if (outcome.ok) return redirect(`${outcome.landing}${outcome.landing.includes("?") ? "&" : "?"}bienvenida=1`);
    if (outcome.reason === "wrong-account") return json({ wrongAccount: true }, { status: 403 });
    const status =
      outcome.reason === "unknown" ? 404 : outcome.reason === "used" || outcome.reason === "expired" ? 410 : 400;
    return json({ refused: outcome.reason }, { status });
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
  if (!outcome.ok) {
    if (outcome.reason === "account-exists") return json({ accountExists: true }, { status: 409 });
    const status = outcome.reason === "unknown" ? 404 : 410;
    return json({ refused: outcome.reason }, { status });
  }
  const session = await createSession(outcome.userId, request.headers.get("User-Agent"));
  return redirect(`${outcome.landing}${outcome.landing.includes("?") ? "&" : "?"}bienvenida=1`, {
    headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, context.secure) },
  });
}

type ActionData = {
  reply?: SubmissionResult<string[]>;
  refused?: "unknown" | "used" | "expired" | "needs-account";
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
  const refused = actionData?.refused && actionData.refused !== "needs-account" ? actionData.refused : data.refused;
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
          <TextField meta={fields.name} label={t("fields.name")} autoComplete="name" />
          <TextField
            meta={fields.password}
            label={t("fields.password")}
            type="password"
            autoComplete="new-password"
            hint={t("register.passwordHint")}
          />
          <TextField
            meta={fields.passwordConfirm}
            label={t("fields.passwordConfirm")}
            type="password"
            autoComplete="new-password"
          />
          <Checkbox
            meta={fields.consent}
            label={t("register.consentLabel")}
            hint={
              <Trans
                i18nKey="register.consentDetail"
                values={{ version: PRIVACY_POLICY_VERSION }}
                components={{ privacy: <Link to="/privacidad" /> }}
              />
            }
          />
          <button type="submit" className="button primary" disabled={submitting}>
            {t("mail.invitationPage.createAndAccept")}
          </button>
        </Form>
      )}
    </div>
  );
}
