import {
  json,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { outboxView, readOutboxMessage, retryOutboxMessage } from "~/mail/outbox.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.outbox.title");

// A message read here carries working links: keep every answer of the page out of caches.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

// The secretariat's view of the outgoing mail (docs/decisions/018): how mail is configured, and
// the latest messages with their state. Without SMTP in demo and development mode an
// administrator can read a waiting message here (its links work, as if it had been delivered), so
// one machine shows the whole flow; in production the page never shows a message's content.

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.readOutbox(user), request);
  return json(await outboxView());
}

type ActionData =
  | { kind: "read"; subject: string; text: string; html: string; links: string[]; recipient: string }
  | { kind: "notice"; message: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.readOutbox(user), request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const id = formData.get("id");
  if (typeof id !== "string" || id.length === 0 || id.length > 100) {
    throw textResponse(request, 400, "responses.notFound");
  }
  if (intent === "read") {
    const read = await readOutboxMessage(id, new URL(request.url).origin);
    if (read === "not-readable") return json<ActionData>({ kind: "notice", message: "mail.outbox.notReadable" }, 403);
    if (read === "nothing-to-send") return json<ActionData>({ kind: "notice", message: "mail.outbox.nothingToSend" });
    if (!read) return json<ActionData>({ kind: "notice", message: "mail.outbox.notFound" }, 404);
    return json<ActionData>({ kind: "read", ...read });
  }
  if (intent === "retry") {
    const retried = await retryOutboxMessage(id);
    return json<ActionData>(
      { kind: "notice", message: retried ? "mail.outbox.retried" : "mail.outbox.notFound" },
      retried ? 200 : 404,
    );
  }
  throw textResponse(request, 400, "responses.unknownAction");
}

const STATUS_NOTICE = {
  smtp: "mail.outbox.statusSmtp",
  outbox: "mail.outbox.statusOutbox",
  "not-configured": "mail.outbox.statusNotConfigured",
} as const;

export default function OutboxPage() {
  const { t, i18n } = useTranslation();
  const view = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <div className="container">
      <h1>{t("mail.outbox.title")}</h1>
      <p>{t("mail.outbox.intro")}</p>
      <p role="status" className={`form-message ${view.status === "not-configured" ? "error" : "success"}`}>
        {t(STATUS_NOTICE[view.status])}
      </p>
      <p>{t("mail.outbox.counts", view.counts)}</p>
      {actionData?.kind === "notice" ? (
        <p role="alert" className="form-message">
          {t(actionData.message)}
        </p>
      ) : null}
      {actionData?.kind === "read" ? (
        <section aria-labelledby="outbox-read" className="outbox-read">
          <h2 id="outbox-read">{t("mail.outbox.readTitle", { recipient: actionData.recipient })}</h2>
          <dl className="facts">
            <dt>{t("mail.outbox.subject")}</dt>
            <dd>{actionData.subject}</dd>
            <dt>{t("mail.outbox.links")}</dt>
            <dd>
              <ul>
                {actionData.links.map((link) => (
                  <li key={link}>
                    <a href={link}>{link}</a>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
          <h3>{t("mail.outbox.textBody")}</h3>
          <pre className="outbox-text">{actionData.text}</pre>
          <details>
            <summary>{t("mail.outbox.htmlBody")}</summary>
            <pre className="outbox-text">{actionData.html}</pre>
          </details>
        </section>
      ) : null}
      {view.messages.length === 0 ? (
        <p>{t("mail.outbox.none")}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t("mail.outbox.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("mail.outbox.created")}</th>
                <th scope="col">{t("mail.outbox.template")}</th>
                <th scope="col">{t("mail.outbox.recipient")}</th>
                <th scope="col">{t("mail.outbox.state")}</th>
                <th scope="col">{t("mail.outbox.attempts")}</th>
                <th scope="col">{t("mail.outbox.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {view.messages.map((message) => (
                <tr key={message.id}>
                  <td>
                    <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, i18n.language)}</time>
                  </td>
                  <td>{t(`mail.outbox.templates.${message.template}`, { defaultValue: message.template })}</td>
                  <td>{message.recipient}</td>
                  <td>
                    {t(`mail.outbox.statuses.${message.status}`)}
                    {message.status === "PENDING" && view.status !== "outbox" ? (
                      <>
                        {" "}
                        <span className="muted">
                          (
                          {t("mail.outbox.nextAttempt", { date: formatDateTime(message.nextAttemptAt, i18n.language) })}
                          )
                        </span>
                      </>
                    ) : null}
                    {message.sentAt ? (
                      <>
                        {" "}
                        <span className="muted">
                          ({t("mail.outbox.sentAt", { date: formatDateTime(message.sentAt, i18n.language) })})
                        </span>
                      </>
                    ) : null}
                    {message.lastError ? <div className="muted">{message.lastError}</div> : null}
                  </td>
                  <td>{message.attempts}</td>
                  <td>
                    {view.readable && message.status === "PENDING" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="read" />
                        <input type="hidden" name="id" value={message.id} />
                        <button type="submit" className="button" disabled={busy}>
                          {t("mail.outbox.read")}
                        </button>
                      </Form>
                    ) : null}
                    {message.status === "FAILED" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="retry" />
                        <input type="hidden" name="id" value={message.id} />
                        <button type="submit" className="button" disabled={busy}>
                          {t("mail.outbox.retry")}
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
    </div>
  );
}
