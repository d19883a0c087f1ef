import type { LoaderFunctionArgs } from "@remix-run/node";
import { planProgress } from "~/monitoring/monitoring.server.ts";
import { apiData, apiError } from "~/utils/api.server.ts";

/** GET /api/v1/plans/:id/progress: compliance, and each commitment's completion and flags. */
export async function loader({ params }: LoaderFunctionArgs) {
  const progress = await planProgress(params.planId ?? "");
  if (!progress) throw apiError(404, "Plan not found");
  return apiData(progress);
}
