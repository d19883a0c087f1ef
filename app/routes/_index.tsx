import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RecentActivity } from "~/components/recent-activity.tsx";
import { SectorBadge } from "~/components/badges.tsx";
import { recentActivity } from "~/record/activity.server.ts";
import { forumMembersBySector, getNextForumSession } from "~/forum/sessions.server.ts";
import { getPlanInCoCreation, listPlans } from "~/plans/plans.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

export async function loader(_args: LoaderFunctionArgs) {
  const [coCreation, nextSession, activity, plans, forumSectors] = await Promise.all([
    getPlanInCoCreation(),
    getNextForumSession(),
    recentActivity(),
    listPlans(),
    forumMembersBySector(),
  ]);
  return { coCreation, nextSession, activity, planCount: plans.length, forumSectors };
}

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const { coCreation, nextSession, activity, planCount, forumSectors } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.heading")}</h1>
        <p className="lead">{t("home.lead")}</p>
      </section>

      <div className="grid two">
        <section className="card" aria-labelledby="home-cocreation">
          <h2 id="home-cocreation">{t("home.coCreationTitle")}</h2>
          {coCreation ? (
            <>
              <p>
                <Link to={`/planes/${coCreation.id}`} className="strong-link">
                  {coCreation.name}
                </Link>
              </p>
              {coCreation.summary ? <p>{coCreation.summary}</p> : null}
              <p className="muted">{t("home.commitmentsInDraft", { count: coCreation._count.commitments })}</p>
            </>
          ) : (
            <p>{t("home.noCoCreation")}</p>
          )}
        </section>

        <section className="card" aria-labelledby="home-forum">
          <h2 id="home-forum">{t("home.nextSessionTitle")}</h2>
          {nextSession ? (
            <>
              <p className="strong">
                <Link to={`/foro/sesiones/${nextSession.id}`}>{nextSession.title}</Link>
              </p>
              <p>
                <time dateTime={new Date(nextSession.scheduledAt).toISOString()}>
                  {formatDateTime(nextSession.scheduledAt, i18n.language)}
                </time>
                {nextSession.location ? ` · ${nextSession.location}` : ""}
              </p>
            </>
          ) : (
            <p>{t("home.noNextSession")}</p>
          )}
          {forumSectors.length > 0 ? (
            <>
              <h3>{t("home.forumSectors")}</h3>
              <ul className="inline-list">
                {forumSectors.map((s) => (
                  <li key={s.sector}>
                    <SectorBadge sector={s.sector} /> {t("home.members", { count: s.count })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>

      <section aria-labelledby="home-activity" className="card">
        <h2 id="home-activity">{t("home.activityTitle")}</h2>
        <RecentActivity initial={activity} />
      </section>

      <p>
        <Link to="/planes">{t("home.allPlans", { count: planCount })}</Link>
      </p>
    </div>
  );
}
