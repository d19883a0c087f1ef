import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Checkbox, FormErrors, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { EnrolmentPanel, RecoveryCodesPanel, TotpCodeField } from "~/components/second-factor.tsx";
import { totpCodeSchema } from "~/accounts/second-factor-forms.ts";
import {
  cancelEnrolment,
  confirmEnrolment,
  enrolmentKey,
  enrolmentView,
  pendingEnrolmentKey,
  regenerateRecoveryCodes,
  secondFactorState,
  turnOffSecondFactor,
} from "~/accounts/second-factor.server.ts";
import { formError, resultFor, type FormReply } from "~/utils/form-reply.ts";
import { changePasswordSchema } from "~/accounts/forms.ts";
import { deleteAccountSchema } from "~/accounts/trust-form.ts";
import { eraseAccount } from "~/accounts/erasure.server.ts";
import { changePassword, getAccount } from "~/accounts/users.server.ts";
import { sendVerification } from "~/accounts/email.server.ts";
import { limitOrReply, refund } from "~/utils/rate-limit.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDate } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import {
  clearSessionCookie,
  invalidateUserSessions,
  markSessionAuthenticated,
  readSessionToken,
  sessionCookie,
} from "~/utils/session.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, session } = requireUser(context, request);
  const account = await getAccount(user.id);
  const secondFactor = await secondFactorState(user.id);
  // An enrolment started in this session (docs/decisions/023): its key, until confirmed.
  const key = secondFactor.enabled ? null : await pendingEnrolmentKey(session.id);
  const enrolment = key ? await enrolmentView(key, account.email) : null;
  return json(
    { account, currentSessionId: session.id, secondFactor, enrolment, isAdmin: user.role === "ADMIN" },
    { headers: { "Cache-Control": "no-store" } },
  );
}

// ---- Second factor (docs/decisions/023): enrol, new recovery codes, turn off ----

const SECOND_FACTOR_INTENTS = ["totp-start", "totp-cancel", "totp-enrol", "totp-new-codes", "totp-off"] as const;
type SecondFactorIntent = (typeof SECOND_FACTOR_INTENTS)[number];
const isSecondFactorIntent = (intent: unknown): intent is SecondFactorIntent =>
  SECOND_FACTOR_INTENTS.includes(intent as SecondFactorIntent);

const CODE_ERRORS = {
  wrong: "secondFactor.errors.wrongCode",
  reused: "secondFactor.errors.reusedCode",
  "no-factor": "secondFactor.errors.noEnrolment",
  "no-enrolment": "secondFactor.errors.noEnrolment",
  "already-enrolled": "secondFactor.errors.alreadyEnrolled",
  "must-keep": "secondFactor.account.mustKeep",
} as const;

async function secondFactorAction(
  request: Request,
  context: ActionFunctionArgs["context"],
  intent: SecondFactorIntent,
  formData: FormData,
) {
  const { user, session } = requireUser(context, request);
  if (intent === "totp-start") {
    if (!(await secondFactorState(user.id)).enabled) await enrolmentKey(session.id);
    return redirect("/cuenta#segundo-factor");
  }
  if (intent === "totp-cancel") {
    await cancelEnrolment(session.id);
    return redirect("/cuenta#segundo-factor");
  }
  const submission = parseWithZod(formData, { schema: totpCodeSchema });
  if (submission.status !== "success") {
    return json<FormReply>({ intent, submission: submission.reply({ hideFields: ["code"] }) }, 400);
  }
  const refused = (message: string, status = 400) =>
    json<FormReply>(
      { intent, submission: submission.reply({ fieldErrors: { code: [message] }, hideFields: ["code"] }) },
      status,
    );
  if (intent === "totp-off") {
    // Refused before any code is tried: an administrator keeps the factor.
    const state = await secondFactorState(user.id);
    if (!state.mayTurnOff) return json<FormReply>({ intent, submission: formError(CODE_ERRORS["must-keep"]) }, 403);
  }
  const limited = await limitOrReply([["secondFactorByUser", user.id]], () => ({
    intent,
    submission: formError("secondFactor.errors.tooManyAttempts"),
  }));
  if (limited) return limited;
  const { code } = submission.value;
  if (intent === "totp-enrol") {
    const result = await confirmEnrolment(user.id, session.id, code);
    if (!result.ok) return refused(CODE_ERRORS[result.reason]);
    await refund("secondFactorByUser", user.id);
    const token = readSessionToken(request.headers.get("Cookie"))!;
    return json(
      { kind: "recovery-codes" as const, codes: result.recoveryCodes, notice: "secondFactor.codes.enabled" },
      {
        headers: { "Cache-Control": "no-store", "Set-Cookie": sessionCookie(token, result.expiresAt, context.secure) },
      },
    );
  }
  if (intent === "totp-new-codes") {
    const result = await regenerateRecoveryCodes(user.id, session.id, code);
    if (!result.ok) return refused(CODE_ERRORS[result.reason]);
    await refund("secondFactorByUser", user.id);
    return json(
      { kind: "recovery-codes" as const, codes: result.recoveryCodes, notice: "secondFactor.codes.regenerated" },
      { headers: { "Cache-Control": "no-store" } },
    );
  }
  const result = await turnOffSecondFactor(user.id, session.id, code);
  if (result !== "ok") return refused(CODE_ERRORS[result], result === "must-keep" ? 403 : 400);
  await refund("secondFactorByUser", user.id);
  return redirect("/cuenta?segundo-factor=desactivado#segundo-factor");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = requireUser(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (isSecondFactorIntent(intent)) return secondFactorAction(request, context, intent, formData);
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
  const { account, currentSessionId, secondFactor, enrolment, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resendError = actionData && "resendError" in actionData ? actionData.resendError : null;
  const ownForms = actionData && ("kind" in actionData || ("intent" in actionData && "submission" in actionData));
  const lastResult = actionData && !ownForms && !("resendError" in actionData) ? actionData : undefined;
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
          : searchParams.get("segundo-factor") === "desactivado"
            ? t("secondFactor.account.turnedOff")
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

      <SecondFactorSection
        state={secondFactor}
        enrolment={enrolment}
        isAdmin={isAdmin}
        actionData={actionData}
        codes={actionData && "kind" in actionData ? actionData : null}
        busy={navigation.state === "submitting"}
      />

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

/** "Segundo factor" on the account page (docs/decisions/023). */
function SecondFactorSection({
  state,
  enrolment,
  isAdmin,
  actionData,
  codes,
  busy,
}: {
  state: { enabled: boolean; required: boolean; mayTurnOff: boolean; recoveryCodesRemaining: number };
  enrolment: { secretGroups: string[]; uri: string; qrSvg: string } | null;
  isAdmin: boolean;
  actionData: unknown;
  /** The recovery codes just made, shown once. */
  codes: { codes: string[]; notice: string } | null;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [enrolForm, enrolFields] = useReplyForm<z.input<typeof totpCodeSchema>>({
    id: "totp-enrol",
    lastResult: resultFor(actionData, "totp-enrol"),
  });
  const [codesForm, codesFields] = useReplyForm<z.input<typeof totpCodeSchema>>({
    id: "totp-new-codes",
    lastResult: resultFor(actionData, "totp-new-codes"),
  });
  const [offForm, offFields] = useReplyForm<z.input<typeof totpCodeSchema>>({
    id: "totp-off",
    lastResult: resultFor(actionData, "totp-off"),
  });
  return (
    <section aria-labelledby="segundo-factor" className="second-factor">
      <h2 id="segundo-factor">{t("secondFactor.title")}</h2>
      {codes ? (
        <RecoveryCodesPanel codes={codes.codes} notice={t(codes.notice)} continueTo="/cuenta" headingLevel={2} />
      ) : state.enabled ? (
        <>
          <p data-testid="second-factor-state">
            {t("secondFactor.account.on", { count: state.recoveryCodesRemaining })}
          </p>
          <h3>{t("secondFactor.account.newCodesTitle")}</h3>
          <p>{t("secondFactor.account.newCodesIntro")}</p>
          <Form
            method="post"
            className="stack"
            aria-describedby={codesForm.errors?.length ? "totp-new-codes-errors" : undefined}
          >
            <input type="hidden" name="intent" value="totp-new-codes" />
            <FormErrors id="totp-new-codes-errors" errors={codesForm.errors} />
            <TotpCodeField meta={codesFields.code} id="totp-new-codes-code" />
            <button type="submit" className="button" disabled={busy}>
              {t("secondFactor.account.newCodesSubmit")}
            </button>
          </Form>
          <h3>{t("secondFactor.account.turnOffTitle")}</h3>
          {state.mayTurnOff ? (
            <>
              <p>{t("secondFactor.account.turnOffIntro")}</p>
              <Form
                method="post"
                className="stack"
                aria-describedby={offForm.errors?.length ? "totp-off-errors" : undefined}
              >
                <input type="hidden" name="intent" value="totp-off" />
                <FormErrors id="totp-off-errors" errors={offForm.errors} />
                <TotpCodeField meta={offFields.code} id="totp-off-code" />
                <button type="submit" className="button danger" disabled={busy}>
                  {t("secondFactor.account.turnOffSubmit")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <FormErrors id="totp-off-errors" errors={offForm.errors} />
              <p>{t("secondFactor.account.requiredNote")}</p>
            </>
          )}
        </>
      ) : enrolment ? (
        <EnrolmentPanel
          enrolment={enrolment}
          codeMeta={enrolFields.code}
          formErrors={enrolForm.errors}
          formErrorId="totp-enrol-errors"
          hidden={{ intent: "totp-enrol" }}
          intro={t("secondFactor.enrol.intro")}
          headingLevel={3}
          cancel="totp-cancel"
          busy={busy}
        />
      ) : (
        <>
          <p data-testid="second-factor-state">{t("secondFactor.account.off")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="totp-start" />
            <button type="submit" className="button" disabled={busy}>
              {t("secondFactor.account.start")}
            </button>
          </Form>
        </>
      )}
      {isAdmin ? (
        <p>
          <Link to="/administracion/segundo-factor">{t("secondFactor.account.resetLink")}</Link>
        </p>
      ) : null}
    </section>
  );
}
