import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { PLAN_STAGES } from "~/plans/cycle.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";
import { createCommitment } from "./commitments.server.ts";
import type { Failure, Secretary } from "./common.server.ts";
import {
  calendarSchema,
  commitmentSchema,
  organizationSchema,
  parseDay,
  parseLimaDateTime,
  planSchema,
  stageSchema,
  windowSchema,
  type OrganizationForm,
  type PlanForm,
} from "./forms.ts";
import { createOrganization, updateOrganization, type OrganizationInput } from "./organizations.server.ts";
import { createPlan, patchPlan, type PlanInput, type StageDates } from "./plans.server.ts";

// The actions behind the workspace's forms (plain form posts that work without JavaScript). The
// `intent` names the form; success redirects with a notice (`?hecho=<key>`); a malformed form or a
// refused input answers 400 with the form's errors and its values kept; someone who is not the
// secretariat gets 403 (401 and the login page when not logged in); an unknown plan or
// organisation 404.

export type WorkspaceActionData = { intent: string; reply: SubmissionResult<string[]> };

/** The secretariat acting, or the login redirect / a 403 thrown. */
export function requireSecretariat(context: AppLoadContext, request: Request): Secretary {
  const { user } = requireUser(context, request);
  requirePermission(user, can.accessWorkspace(user));
  return user;
}

const reply = (intent: string, result: SubmissionResult<string[]>, status = 400) =>
  json({ intent, reply: result } satisfies WorkspaceActionData, { status });

/** A refused act: thrown as 404/403, or the form redisplayed with the error by its field. */
function refused<
  S extends {
    reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>;
  },
>(intent: string, submission: S, failure: Failure) {
  if (failure.error !== "invalid") {
    throw failure.error === "not-found"
      ? new Response("No encontramos eso en el espacio de la Secretaría.", { status: 404 })
      : new Response("No tienes permiso para hacer esto.", { status: 403 });
  }
  const message = failure.params ? `${failure.message}?${new URLSearchParams(failure.params)}` : failure.message;
  return reply(
    intent,
    failure.field
      ? submission.reply({ fieldErrors: { [failure.field]: [message] } })
      : submission.reply({ formErrors: [message] }),
  );
}

export function planInput(value: PlanForm): PlanInput {
  return {
    name: value.name,
    ordinal: value.ordinal ?? null,
    periodStart: value.periodStart,
    periodEnd: value.periodEnd,
    scope: value.scope,
    territoryId: value.territoryId ?? null,
    summary: value.summary ?? null,
    themes: value.themes,
  };
}

function organizationInput(value: OrganizationForm): OrganizationInput {
  return {
    name: value.name,
    acronym: value.acronym ?? null,
    kind: value.kind,
    sector: value.sector,
    territoryId: value.territoryId ?? null,
    description: value.description ?? null,
    verified: value.verified,
  };
}

/** /administracion/planes/nuevo */
export async function newPlanAction(request: Request, context: AppLoadContext) {
  const actor = requireSecretariat(context, request);
  const submission = parseWithZod(await request.formData(), { schema: planSchema });
  if (submission.status !== "success") return reply("create", submission.reply());
  const result = await createPlan(actor, planInput(submission.value));
  if (!result.ok) return refused("create", submission, result);
  return redirect(`/administracion/planes/${result.id}?hecho=creado`);
}

/** /administracion/planes/:planId — intents details, stage, calendar, window, window-clear. */
export async function planAction(request: Request, context: AppLoadContext, planId: string) {
  const actor = requireSecretariat(context, request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const back = (notice: string) => redirect(`/administracion/planes/${planId}?hecho=${notice}`);
  const run = async <Schema extends z.ZodType>(
    schema: Schema,
    patch: (value: z.output<Schema>) => Parameters<typeof patchPlan>[2],
    notice: string,
  ) => {
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") return reply(intent, submission.reply());
    const result = await patchPlan(actor, planId, patch(submission.value as z.output<Schema>));
    if (!result.ok) return refused(intent, submission, result);
    return back(result.changed.length > 0 ? notice : "sin-cambios");
  };
  switch (intent) {
    case "details":
      return run(planSchema, (value) => ({ details: planInput(value) }), "datos");
    case "stage":
      return run(stageSchema, (value) => ({ move: { stage: value.stage } }), "etapa");
    case "calendar":
      return run(
        calendarSchema,
        (value) => ({
          calendar: PLAN_STAGES.flatMap((stage): StageDates[] => {
            const dates = value.calendar?.[stage];
            return dates?.start && dates.end
              ? [{ stage, startsOn: parseDay(dates.start)!, endsOn: parseDay(dates.end)! }]
              : [];
          }),
        }),
        "calendario",
      );
    case "window":
      return run(
        windowSchema,
        (value) => ({
          window: { opensAt: parseLimaDateTime(value.opensAt)!, closesAt: parseLimaDateTime(value.closesAt)! },
        }),
        "participacion",
      );
    case "window-clear": {
      const result = await patchPlan(actor, planId, { window: null });
      if (!result.ok) {
        if (result.error === "not-found") throw new Response("No encontramos ese plan.", { status: 404 });
        throw new Response("No tienes permiso para hacer esto.", { status: 403 });
      }
      return back(result.changed.length > 0 ? "participacion-cerrada" : "sin-cambios");
    }
    default:
      throw new Response("Acción desconocida.", { status: 400 });
  }
}

/** /administracion/planes/:planId/compromisos — a new commitment. */
export async function newCommitmentAction(request: Request, context: AppLoadContext, planId: string) {
  const actor = requireSecretariat(context, request);
  const submission = parseWithZod(await request.formData(), { schema: commitmentSchema });
  if (submission.status !== "success") return reply("commitment", submission.reply());
  const result = await createCommitment(actor, planId, submission.value);
  if (!result.ok) return refused("commitment", submission, result);
  return redirect(`/compromisos/${result.id}/equipo?hecho=compromiso-creado`);
}

/** /administracion/organizaciones/nueva */
export async function newOrganizationAction(request: Request, context: AppLoadContext) {
  const actor = requireSecretariat(context, request);
  const submission = parseWithZod(await request.formData(), { schema: organizationSchema });
  if (submission.status !== "success") return reply("organization", submission.reply());
  const result = await createOrganization(actor, organizationInput(submission.value));
  if (!result.ok) return refused("organization", submission, result);
  return redirect(`/administracion/organizaciones/${result.id}?hecho=registrada`);
}

/** /administracion/organizaciones/:organizationId */
export async function organizationAction(request: Request, context: AppLoadContext, organizationId: string) {
  const actor = requireSecretariat(context, request);
  const submission = parseWithZod(await request.formData(), { schema: organizationSchema });
  if (submission.status !== "success") return reply("organization", submission.reply());
  const result = await updateOrganization(actor, organizationId, organizationInput(submission.value));
  if (!result.ok) return refused("organization", submission, result);
  return redirect(
    `/administracion/organizaciones/${organizationId}?hecho=${result.changed.length > 0 ? "guardada" : "sin-cambios"}`,
  );
}
