import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Checkbox, FormErrors, TextField } from "~/components/ui/field.tsx";
import { changePasswordSchema } from "~/accounts/forms.ts";
import { deleteAccountSchema } from "~/accounts/trust-form.ts";
import { eraseAccount } from "~/accounts/erasure.server.ts";
import { changePassword, getAccount } from "~/accounts/users.server.ts";
import { sendVerification } from "~/accounts/email.server.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDate } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { clearSessionCookie, invalidateUserSessions, markSessionAuthenticated } from "~/utils/session.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, session } = requireUser(context, request);
  const account = await getAccount(user.id);
  return { account, currentSessionId: session.id };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = requireUser(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "logout-everywhere") {
    await invalidateUserSessions(user.id);
    return redirect("/", { headers: { "Set-Cookie": clearSessionCookie(context.secure) } });
  }
  if (intent === "resend-verification") {
    const limited = await limitOrReply([["verificationByUser", user.id]], () => ({
      resendError: "errors.tooManyAttempts",
    }));
    if (limited) return limited;
    const outcome = await sendVerification(user.id);
    return redirect(outcome === "sent" ? "/cuenta?correo=enviado" : "/cuenta?correo=verificado");
  }
  if (intent === "change-password") {
    const submission = parseWithZod(formData, { schema: changePasswordSchema });
    if (submission.status !== "success") {
      return json(submission.reply({ resetForm: true }), { status: 400 });
    }
    const result = await changePassword(
      user.id,
      submission.value.currentPassword,
      submission.value.newPassword,
      session.id,
    );
    if (result === "wrong-password") {
      return json(submission.reply({ fieldErrors: { currentPassword: ["errors.wrongPassword"] }, resetForm: true }), {
        status: 400,
      });
    }
    await markSessionAuthenticated(session.id);
    return redirect("/cuenta?clave=cambiada");
  }
  if (intent === "delete-account") {
    const submission = parseWithZod(formData, { schema: deleteAccountSchema });
    if (submission.status !== "success") {
      return json(submission.reply({ hideFields: ["password", "confirm"] }), { status: 400 });
    }
    const limited = await limitOrReply([["reauthByUser", user.id]], () =>
      submission.reply({ formErrors: ["errors.tooManyAttempts"], hideFields: ["password", "confirm"] }),
    );
    if (limited) return limited;
    const result = await eraseAccount(user.id, submission.value.password);
    if (result === "wrong-password") {
      return json(
        submission.reply({
          fieldErrors: { password: ["trust.reauth.wrongPassword"] },
          hideFields: ["password", "confirm"],
        }),
        { status: 400 },
      );
    }
    return redirect("/cuenta-eliminada", { headers: { "Set-Cookie": clearSessionCookie(context.secure) } });
  }
  throw textResponse(request, 400, "responses.unknownAction");
}

export default function AccountPage() {
  const { t, i18n } = useTranslation();
  const { account, currentSessionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resendError = actionData && "resendError" in actionData ? actionData.resendError : null;
  const lastResult = actionData && !("resendError" in actionData) ? actionData : undefined;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const deleting = lastResult?.initialValue?.intent === "delete-account";
  const [deleteForm, deleteFields] = useForm({
    id: "delete-account",
    lastResult: deleting ? lastResult : undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deleteAccountSchema }),
  });
  const [form, fields] = useForm({
    id: "change-password",
    lastResult: deleting ? undefined : lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
  });
  const notice = searchParams.get("bienvenida")
    ? t("account.welcome", { name: account.name })
    : searchParams.get("clave") === "cambiada"
      ? t("account.passwordChanged")
      : searchParams.get("correo") === "enviado"
        ? t("mail.account.resent", { email: account.email })
        : searchParams.get("correo") === "verificado"
          ? t("mail.account.alreadyVerified")
          : null;
  return (
    <div className="container">
      <h1>{t("account.title")}</h1>
      {notice ? (
        <p role="status" className="form-message success">
          {notice}
        </p>
      ) : null}
      <section aria-labelledby="account-profile">
        <h2 id="account-profile">{t("account.profile")}</h2>
        <dl className="facts">
          <dt>{t("fields.name")}</dt>
          <dd>{account.name}</dd>
          <dt>{t("fields.email")}</dt>
          <dd>{account.email}</dd>
          <dt>{t("account.role")}</dt>
          <dd>{t(`roles.${account.role}`)}</dd>
          <dt>{t("account.organizations")}</dt>
          <dd>
            {account.memberships.length === 0
              ? t("account.noOrganizations")
              : account.memberships
                  .map((m) => `${m.organization.name} (${t(`sectors.${m.organization.sector}`)})`)
                  .join("; ")}
          </dd>
          <dt>{t("account.memberSince")}</dt>
          <dd>{formatDate(account.createdAt, i18n.language)}</dd>
        </dl>
      </section>

      <section aria-labelledby="account-email">
        <h2 id="account-email">{t("mail.account.title")}</h2>
        {account.emailVerifiedAt ? (
          <p>{t("mail.account.verified", { date: formatDate(account.emailVerifiedAt, i18n.language) })}</p>
        ) : (
          <>
            <p>{t("mail.account.unverified")}</p>
            {resendError ? (
              <p role="alert" className="form-message error">
                {t(resendError)}
              </p>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="resend-verification" />
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                {t("mail.account.resend")}
              </button>
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="account-consent">
        <h2 id="account-consent">{t("account.consentTitle")}</h2>
        <ul>
          {account.consents.map((consent) => (
            <li key={`${consent.policyVersion}-${consent.createdAt}`}>
              {t(consent.granted ? "account.consentGranted" : "account.consentWithdrawn", {
                version: consent.policyVersion,
                date: formatDate(consent.createdAt, i18n.language),
              })}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="account-my-data">
        <h2 id="account-my-data">{t("trust.myData.title")}</h2>
        <p>{t("trust.myData.intro")}</p>
        <p>
          <Link to="/cuenta/mis-datos" className="button">
            {t("trust.myData.link")}
          </Link>
        </p>
      </section>

      <section aria-labelledby="account-password">
        <h2 id="account-password">{t("account.changePassword")}</h2>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="change-password" />
          <TextField
            meta={fields.currentPassword}
            label={t("fields.currentPassword")}
            type="password"
            autoComplete="current-password"
          />
          <TextField
            meta={fields.newPassword}
            label={t("fields.newPassword")}
            type="password"
            autoComplete="new-password"
            hint={t("register.passwordHint")}
          />
          <TextField
            meta={fields.newPasswordConfirm}
            label={t("fields.passwordConfirm")}
            type="password"
            autoComplete="new-password"
          />
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("account.changePasswordSubmit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="account-sessions">
        <h2 id="account-sessions">{t("account.sessions")}</h2>
        <ul>
          {account.sessions.map((s) => (
            <li key={s.id}>
              {t("account.sessionSince", { date: formatDate(s.createdAt, i18n.language) })}
              {s.userAgent ? ` — ${s.userAgent.slice(0, 80)}` : ""}
              {s.id === currentSessionId ? ` (${t("account.thisSession")})` : ""}
            </li>
          ))}
        </ul>
        <Form method="post">
          <input type="hidden" name="intent" value="logout-everywhere" />
          <button type="submit" className="button">
            {t("account.logoutEverywhere")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="account-delete">
        <h2 id="account-delete">{t("trust.deletion.title")}</h2>
        <p>{t("trust.deletion.intro")}</p>
        <Form method="post" {...getFormProps(deleteForm)} className="stack">
          <FormErrors id={deleteForm.errorId} errors={deleteForm.errors} />
          <input type="hidden" name="intent" value="delete-account" />
          <TextField
            meta={deleteFields.password}
            label={t("trust.reauth.password")}
            type="password"
            autoComplete="current-password"
          />
          <Checkbox meta={deleteFields.confirm} label={t("trust.deletion.confirm")} />
          <button type="submit" className="button danger" disabled={navigation.state === "submitting"}>
            {t("trust.deletion.submit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
