import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { unsubscribe } from "~/mail/notifications.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { LINK_REFUSED_STATUS, linkPageHeaders } from "~/mail/link-page.ts";

// The unsubscribe link of every notification message (docs/decisions/024). Opening it shows a
// button (mail scanners fetch links; a GET changes nothing); the form post, or the one-click POST
// a mail client sends from the List-Unsubscribe-Post header (RFC 8058, without our Origin: the
// secret in the address is what authorises it, see server/app.ts), stops notification mail.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.unsubscribe.title");

export const headers = linkPageHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  const outcome = await unsubscribe(params.token ?? "", false);
  if (!outcome.ok) return json({ refused: outcome.reason }, { status: LINK_REFUSED_STATUS[outcome.reason] });
  return json({ refused: null });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const limited = await limitOrReply([["mailLinkByIp", context.clientIp]], () => ({
    refused: null,
    done: false,
    tooMany: true,
  }));
  if (limited) return limited;
  const outcome = await unsubscribe(params.token ?? "", true);
  if (!outcome.ok) {
    return json(
      { refused: outcome.reason, done: false, tooMany: false },
      { status: LINK_REFUSED_STATUS[outcome.reason] },
    );
  }
  return json({ refused: null, done: true, tooMany: false });
}

export default function UnsubscribePage() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const refused = actionData?.refused ?? loaderData.refused;
  return (
    <div className="container narrow">
      <h1>{t(refused ? `mail.unsubscribe.${refused}Title` : "mail.unsubscribe.title")}</h1>
      {actionData?.done ? (
        <p role="status" className="form-message success">
          {t("mail.unsubscribe.done")}
        </p>
      ) : refused ? (
        <p role="alert">{t(`mail.unsubscribe.${refused}`)}</p>
      ) : (
        <>
          {actionData?.tooMany ? (
            <p role="alert" className="form-message error">
              {t("errors.tooManyAttempts")}
            </p>
          ) : null}
          <p>{t("mail.unsubscribe.intro")}</p>
          <Form method="post">
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("mail.unsubscribe.submit")}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/cuenta/notificaciones">{t("mail.unsubscribe.preferences")}</Link>
      </p>
    </div>
  );
}
