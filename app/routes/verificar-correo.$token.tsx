import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { checkVerificationToken, verifyEmail } from "~/accounts/email.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { LINK_REFUSED_STATUS, linkPageHeaders } from "~/mail/link-page.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.verify.title");

export const headers = linkPageHeaders;

// Opening the link shows a button; the address is confirmed by the form post, so a mail scanner
// that fetches every link in a message spends nothing.
export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkVerificationToken(params.token ?? "");
  if (!check.ok) return json({ refused: check.reason }, { status: LINK_REFUSED_STATUS[check.reason] });
  return json({ refused: null });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const limited = await limitOrReply([["mailLinkByIp", context.clientIp]], () => ({
    refused: null,
    verified: false,
    tooMany: true,
  }));
  if (limited) return limited;
  const outcome = await verifyEmail(params.token ?? "");
  if (!outcome.ok) {
    return json(
      { refused: outcome.reason, verified: false, tooMany: false },
      { status: LINK_REFUSED_STATUS[outcome.reason] },
    );
  }
  return json({ refused: null, verified: true, tooMany: false });
}

export default function VerifyEmailPage() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const refused = actionData?.refused ?? loaderData.refused;
  if (actionData?.verified) {
    return (
      <div className="container narrow">
        <h1>{t("mail.verify.title")}</h1>
        <p role="status" className="form-message success">
          {t("mail.verify.done")}
        </p>
        <p>
          <Link to="/cuenta">{t("mail.verify.account")}</Link>
        </p>
      </div>
    );
  }
  if (refused) {
    return (
      <div className="container narrow">
        <h1>{t(`mail.verify.${refused}Title`)}</h1>
        <p role="alert">{t(`mail.verify.${refused}`)}</p>
        <p>
          <Link to="/cuenta">{t("mail.verify.account")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container narrow">
      <h1>{t("mail.verify.title")}</h1>
      {actionData?.tooMany ? (
        <p role="alert" className="form-message error">
          {t("errors.tooManyAttempts")}
        </p>
      ) : null}
      <p>{t("mail.verify.intro")}</p>
      <Form method="post">
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("mail.verify.submit")}
        </button>
      </Form>
    </div>
  );
}
