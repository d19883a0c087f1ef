import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPlans } from "~/plans/plans.server.ts";
import { apiData } from "~/utils/api.server.ts";

/** GET /api/v1/plans: every action plan, national and territorial. */
export async function loader(_args: LoaderFunctionArgs) {
  const plans = await listPlans();
  return apiData(
    plans.map((plan) => ({
      id: plan.id,
      name: plan.name,
      ordinal: plan.ordinal,
      period: { start: plan.periodStart, end: plan.periodEnd },
      scope: plan.scope,
      territory: plan.territory,
      phase: plan.phase,
      isDemo: plan.isDemo,
      themes: plan.themes.map((theme) => theme.name),
      declaredCommitmentCount: plan.declaredCommitmentCount,
      declaredCompliance: plan.declaredCompliance,
      commitmentCount: plan._count.commitments,
      url: `/planes/${plan.id}`,
    })),
  );
}
