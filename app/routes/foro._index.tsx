import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import forumStyles from "~/styles/forum.css";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import type { z } from "zod";
import { Checkbox, FormErrors, Select, TextArea, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { TableWrap } from "~/components/ui/table-wrap.tsx";
import { AgreementsTable, forumIds, Notice } from "~/forum/components/parts.tsx";
import { type memberSchema, type rulesSchema } from "~/forum/forms.ts";
import { resultFor } from "~/utils/form-reply.ts";
import { useLiveRevalidation } from "~/components/live.tsx";
import { forumAction } from "~/forum/actions.server.ts";
import { NOTICES } from "~/forum/notices.ts";
import { getComposition, seatOf } from "~/forum/members.server.ts";
import { getNextForumSession } from "~/forum/sessions.server.ts";
import { getStandards, memberFormOptions } from "~/forum/forum.server.ts";
import { listAgreements } from "~/forum/meeting.server.ts";
import { FORUM_LIVE_ROOM } from "~/forum/live.ts";
import { FORUM_ROLES } from "~/forum/rules.ts";
import { formatDate, formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: forumStyles }];

export async function loader({ context }: LoaderFunctionArgs) {
  const [composition, next, standards, agreements, seat] = await Promise.all([
    getComposition(),
    getNextForumSession(),
    getStandards(),
    listAgreements(),
    seatOf(context.user),
  ]);
  const canManageMembers = can.manageForum(context.user);
  const [organizations, regions] = canManageMembers ? await memberFormOptions() : [[], []];
  return {
    composition,
    canManageMembers,
    organizations,
    regions,
    next,
    standards,
    agreements,
    canManageRules: can.scheduleForumSession(context.user, seat),
    canFollowUp: can.followUpForumAgreement(context.user, seat),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return forumAction(request, context, { sessionId: null, returnTo: "/foro" });
}

function Check({ ok, label }: { ok: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <li className={ok ? "standard met" : "standard not-met"}>
      <span aria-hidden="true">{ok ? "✔" : "✖"}</span> {label}:{" "}
      <strong>{ok ? t("forum.standards.yes") : t("forum.standards.no")}</strong>
    </li>
  );
}

export default function ForumPage() {
  const { t, i18n } = useTranslation();
  const {
    composition,
    next,
    standards,
    agreements,
    canManageRules,
    canFollowUp,
    canManageMembers,
    organizations,
    regions,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  useLiveRevalidation([FORUM_LIVE_ROOM]);
  const rules = composition.rules;
  const memberResult = resultFor(actionData, "member-add");
  const [memberForm, memberFields] = useReplyForm<z.input<typeof memberSchema>>({
    id: "member",
    lastResult: memberResult,
    defaultValue: { role: "member" },
  });
  const [rulesForm, rulesFields] = useReplyForm<z.input<typeof rulesSchema>>({
    id: "rules",
    lastResult: resultFor(actionData, "rules"),
    defaultValue: {
      text: rules.text ?? "",
      quorumMajority: rules.quorumMajority ? "on" : undefined,
      quorumEachSector: rules.quorumEachSector ? "on" : undefined,
    },
  });
  return (
    <div className="container">
      <h1>{t("forum.title")}</h1>
      <p className="lead">{t("forum.intro")}</p>
      <Notice messageKey={NOTICES[params.get("hecho") ?? ""] ?? null} />
      <p className="inline-list">
        <Link to="/foro/sesiones" className="button primary">
          {t("forum.allSessions")}
        </Link>{" "}
        <a href="/foro/sesiones.ics" className="button">
          {t("forum.calendarFeed")}
        </a>{" "}
        <a href="/api/v1/forum">{t("forum.apiLink")}</a>
      </p>

      {next ? (
        <section aria-labelledby="next-title" className="card">
          <h2 id="next-title">{t("forum.nextSession")}</h2>
          <p>
            <Link to={`/foro/sesiones/${next.id}`}>{next.title}</Link>
          </p>
          <p>
            {formatDateTime(next.scheduledAt, i18n.language)}
            {next.location ? ` · ${next.location}` : ""}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="standards-title" className="card">
        <h2 id="standards-title">{t("forum.standardsTitle")}</h2>
        <ul className="standards" data-testid="standards">
          <Check ok={standards.metInLastSixMonths} label={t("forum.standards.met")} />
          <Check
            ok={standards.allMinutesPublished}
            label={t("forum.standards.minutes", {
              published: standards.minutesPublished,
              held: standards.sessionsHeld,
            })}
          />
          <Check ok={standards.rulesPublished} label={t("forum.standards.rules")} />
          <Check
            ok={standards.allAgreementsOnTime}
            label={t("forum.standards.agreements", {
              done: standards.agreementsDoneOnTime,
              due: standards.agreementsDue,
            })}
          />
        </ul>
      </section>

      <section aria-labelledby="composition-title">
        <h2 id="composition-title">{t("forum.composition")}</h2>
        <h3>{t("forum.bySector")}</h3>
        {composition.bySector.map(({ sector, members }) => (
          <TableWrap key={sector} label={t(`sectors.${sector}`)}>
            <table data-testid={`members-${sector}`}>
              <caption>
                <SectorBadge sector={sector} /> ({members.length})
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("forum.member")}</th>
                  <th scope="col">{t("forum.institution")}</th>
                  <th scope="col">{t("forum.region")}</th>
                  <th scope="col">{t("forum.role")}</th>
                  <th scope="col">{t("forum.term")}</th>
                </tr>
              </thead>
              <tbody>
                {members.length === 0 ? (
                  <tr>
                    <td colSpan={5}>{t("forum.noMembers")}</td>
                  </tr>
                ) : (
                  members.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">{m.name ?? "—"}</th>
                      <td>
                        <Link to={`/organizaciones/${m.organization.slug}`}>{m.organization.name}</Link>
                      </td>
                      <td>{m.region?.name ?? "—"}</td>
                      <td>{t(`forum.roles.${m.role}`, { defaultValue: m.role })}</td>
                      <td>
                        {m.termStart && m.termEnd
                          ? `${formatDate(m.termStart, i18n.language)} – ${formatDate(m.termEnd, i18n.language)}`
                          : m.termStart
                            ? t("forum.termOpen", { start: formatDate(m.termStart, i18n.language) })
                            : "—"}
                        {canManageMembers ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="member-end" />
                            <input type="hidden" name="memberId" value={m.id} />
                            <button type="submit" className="button small">
                              {t("forum.endTerm", { name: m.name ?? "—" })}
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </TableWrap>
        ))}
        <TableWrap label={t("forum.byRegion")}>
          <table data-testid="members-by-region">
            <caption>{t("forum.byRegion")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("forum.region")}</th>
                <th scope="col">{t("forum.count")}</th>
                {composition.bySector.map(({ sector }) => (
                  <th scope="col" key={sector}>
                    {t(`sectors.${sector}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {composition.byRegion.map((r) => (
                <tr key={r.region}>
                  <th scope="row">{r.region}</th>
                  <td>{r.count}</td>
                  {composition.bySector.map(({ sector }) => (
                    <td key={sector}>{r.bySector[sector]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      {canManageMembers ? (
        <details className="card" open={memberResult !== undefined}>
          <summary>{t("forum.addMember")}</summary>
          <Form method="post" aria-label={t("forum.addMember")}>
            <input type="hidden" name="intent" value="member-add" />
            <FormErrors id="member-errors" errors={memberForm.errors} />
            <TextField meta={memberFields.name} {...forumIds("member-name")} label={t("forum.memberName")} />
            <Select meta={memberFields.organizationId} {...forumIds("member-org")} label={t("forum.organization")}>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {`${o.name} (${t(`sectors.${o.sector}`)})`}
                </option>
              ))}
            </Select>
            <Select meta={memberFields.regionId} {...forumIds("member-region")} label={t("forum.region")}>
              <option value="">{t("forum.noRegion")}</option>
              {regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </Select>
            <Select meta={memberFields.role} {...forumIds("member-role")} label={t("forum.role")}>
              {FORUM_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`forum.roles.${r}`)}
                </option>
              ))}
            </Select>
            <TextField
              meta={memberFields.termStart}
              {...forumIds("member-start")}
              type="date"
              label={t("forum.termStart")}
            />
            <TextField meta={memberFields.termEnd} {...forumIds("member-end")} type="date" label={t("forum.termEnd")} />
            <TextField
              meta={memberFields.email}
              {...forumIds("member-email")}
              label={t("forum.memberEmail")}
              hint={t("forum.memberEmailHint")}
            />
            <button type="submit" className="button primary">
              {t("forum.addMember")}
            </button>
          </Form>
        </details>
      ) : null}

      <section aria-labelledby="rules-title" className="card">
        <h2 id="rules-title">{t("forum.rulesTitle")}</h2>
        {rules.publishedAt && rules.text ? (
          <>
            <p className="muted">
              {t("forum.rulesPublishedOn", { date: formatDate(rules.publishedAt, i18n.language) })}
            </p>
            <div className="rules-text">
              {rules.text.split(/\n{2,}/).map((para, i) => (
                <p key={i}>{para}</p>
              ))}
            </div>
          </>
        ) : (
          <p>{t("forum.rulesNotPublished")}</p>
        )}
        <h3>{t("forum.quorumRuleTitle")}</h3>
        <ul data-testid="quorum-rule">
          {rules.quorumMajority ? <li>{t("forum.quorumMajority")}</li> : null}
          {rules.quorumEachSector ? <li>{t("forum.quorumEachSector")}</li> : null}
          {!rules.quorumMajority && !rules.quorumEachSector ? <li>{t("forum.quorumNone")}</li> : null}
          <li>{t("forum.alternatesNote")}</li>
        </ul>
        {canManageRules ? (
          <details>
            <summary>{t("forum.editRules")}</summary>
            <Form method="post">
              <input type="hidden" name="intent" value="rules" />
              <FormErrors id="rules-errors" errors={rulesForm.errors} />
              <TextArea meta={rulesFields.text} {...forumIds("rules-text")} label={t("forum.rulesText")} />
              <Checkbox
                meta={rulesFields.quorumMajority}
                {...forumIds("rules-majority")}
                label={t("forum.quorumMajority")}
              />
              <Checkbox
                meta={rulesFields.quorumEachSector}
                {...forumIds("rules-each-sector")}
                label={t("forum.quorumEachSector")}
              />
              <button type="submit" className="button primary">
                {t("forum.editRules")}
              </button>
            </Form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="agreements-title">
        <h2 id="agreements-title">{t("forum.agreementsTitle")}</h2>
        <AgreementsTable
          agreements={agreements}
          canFollowUp={canFollowUp}
          actionData={actionData}
          caption={t("forum.agreementsTitle")}
        />
      </section>
    </div>
  );
}
