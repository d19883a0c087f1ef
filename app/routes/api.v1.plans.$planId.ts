import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiPatchPlan } from "~/administration/api.server.ts";
import { calendarDays } from "~/plans/cycle.ts";
import { getPlan } from "~/plans/plans.server.ts";
import { apiData, apiError, methodNotAllowed } from "~/utils/api.server.ts";

/** GET /api/v1/plans/:id: one plan with its commitments. */
export async function loader({ params }: LoaderFunctionArgs) {
  const plan = await getPlan(params.planId ?? "");
  if (!plan) throw apiError(404, "Plan not found");
  const {
    periodStart,
    periodEnd,
    themes,
    commitments,
    stageDates,
    participationOpensAt,
    participationClosesAt,
    ...rest
  } = plan;
  return apiData({
    ...rest,
    period: { start: periodStart, end: periodEnd },
    themes: themes.map((theme) => theme.name),
    calendar: calendarDays(stageDates),
    participationWindow:
      participationOpensAt && participationClosesAt
        ? { opensAt: participationOpensAt.toISOString(), closesAt: participationClosesAt.toISOString() }
        : null,
    commitments: commitments.map((c) => ({
      id: c.id,
      number: c.number,
      ogpId: c.ogpId,
      title: c.title,
      titleEn: c.titleEn,
      status: c.status,
      theme: c.theme?.name ?? null,
      policyArea: c.policyArea,
      leadInstitution: c.leadInstitution?.name ?? null,
      url: `/compromisos/${c.id}`,
    })),
    url: `/planes/${plan.id}`,
  });
}

/** PATCH /api/v1/plans/:id: the secretariat edits the plan's fields, stage or phase, calendar and participation window. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "PATCH") throw methodNotAllowed(["GET", "PATCH"]);
  return apiPatchPlan(request, context, params.planId ?? "");
}
