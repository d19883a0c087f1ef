import type { LoaderFunctionArgs } from "@remix-run/node";
import { getPlan } from "~/plans/plans.server.ts";
import { apiData, apiError } from "~/utils/api.server.ts";

/** GET /api/v1/plans/:id: one plan with its commitments. */
export async function loader({ params }: LoaderFunctionArgs) {
  const plan = await getPlan(params.planId ?? "");
  if (!plan) throw apiError(404, "Plan not found");
  const { periodStart, periodEnd, themes, commitments, ...rest } = plan;
  return apiData({
    ...rest,
    period: { start: periodStart, end: periodEnd },
    themes: themes.map((theme) => theme.name),
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
