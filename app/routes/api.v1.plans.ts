import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCreatePlan } from "~/administration/api.server.ts";
import { listPlans } from "~/plans/plans.server.ts";
import { apiData, methodNotAllowed } from "~/utils/api.server.ts";

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
      stage: plan.stage,
      isDemo: plan.isDemo,
      themes: plan.themes.map((theme) => theme.name),
      declaredCommitmentCount: plan.declaredCommitmentCount,
      declaredCompliance: plan.declaredCompliance,
      commitmentCount: plan._count.commitments,
      url: `/planes/${plan.id}`,
    })),
  );
}

/** POST /api/v1/plans: the secretariat creates a plan (201 with its id). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") throw methodNotAllowed(["GET", "POST"]);
  return apiCreatePlan(request, context);
}
