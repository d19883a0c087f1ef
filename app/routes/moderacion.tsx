import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { participationLinks } from "~/participation/components/styles.ts";
import { openReports } from "~/participation/comments.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";

export const links = participationLinks;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "participation.moderationTitle");

/** The moderators' queue: open reports, oldest first, each leading to the comment to hide or keep. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.moderate(user), request);
  return { reports: await openReports() };
}

export default function ModerationPage() {
  const { t, i18n } = useTranslation();
  const { reports } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>{t("participation.moderationTitle")}</h1>
      {reports.length === 0 ? <p>{t("participation.noReports")}</p> : null}
      <ol className="pending-list">
        {reports.map((r) => {
          const link = r.comment.proposalId
            ? `/propuestas/${r.comment.proposalId}#comentario-${r.comment.id}`
            : `/compromisos/${r.comment.commitmentId ?? ""}/comentarios#comentario-${r.comment.id}`;
          return (
            <li key={r.id}>
              <Link to={link}>{r.comment.body.length > 140 ? `${r.comment.body.slice(0, 139)}…` : r.comment.body}</Link>{" "}
              <span className="muted">
                {t("participation.reportedBecause", { reason: r.reason })} ·{" "}
                <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, i18n.language)}</time>
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
