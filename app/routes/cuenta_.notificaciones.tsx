import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors, RadioGroup } from "~/components/ui/field.tsx";
import { NOTIFICATION_EMAIL_CHOICES, notificationEmailOf, setNotificationEmail } from "~/mail/notifications.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { pageTitle } from "~/utils/meta.ts";

// How a person's notifications reach them by mail (docs/decisions/024): each at once, a daily
// digest, or never. Linked from every notification message, the notifications page and /cuenta.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.preferences.title");

const schema = z.object({
  notificationEmail: z.enum(NOTIFICATION_EMAIL_CHOICES, { message: "mail.preferences.choose" }),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  const row = await notificationEmailOf(user.id);
  return json({
    notificationEmail: row?.notificationEmail ?? "DAILY",
    verified: Boolean(row?.emailVerifiedAt),
    email: row?.email ?? user.email,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") return json({ reply: submission.reply(), saved: false }, { status: 400 });
  await setNotificationEmail(user.id, submission.value.notificationEmail);
  return json({ reply: submission.reply(), saved: true });
}

export default function NotificationPreferencesPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.reply,
    defaultValue: { notificationEmail: data.notificationEmail },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
  return (
    <div className="container narrow">
      <h1>{t("mail.preferences.title")}</h1>
      {actionData?.saved ? (
        <p role="status" className="form-message success">
          {t("mail.preferences.saved")}
        </p>
      ) : null}
      <p>{t("mail.preferences.intro", { email: data.email })}</p>
      {data.verified ? null : (
        <p className="form-message">
          {t("mail.preferences.unverified")} <Link to="/cuenta">{t("mail.verify.account")}</Link>
        </p>
      )}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <RadioGroup
          meta={fields.notificationEmail}
          legend={t("mail.preferences.legend")}
          options={NOTIFICATION_EMAIL_CHOICES.map((value) => ({
            value,
            label: t(`mail.preferences.choices.${value}`),
          }))}
        />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("mail.preferences.submit")}
        </button>
      </Form>
      <p>
        <Link to="/notificaciones">{t("participation.notifications")}</Link>
      </p>
    </div>
  );
}
