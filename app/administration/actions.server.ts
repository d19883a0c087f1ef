import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { PLAN_STAGES } from "~/plans/cycle.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { errorWithValues, type FormReply, type FormResult } from "~/utils/form-reply.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";
import { textResponse, type ResponseKey } from "~/utils/responses.server.ts";
import { createCommitment } from "./commitments.server.ts";
import type { Failure, Secretary } from "./common.server.ts";
import {
  calendarSchema,
  commitmentSchema,
  invitationSchema,
  organizationSchema,
  parseDay,
  parseLimaDateTime,
  planSchema,
  stageSchema,
  windowSchema,
  type OrganizationForm,
  type PlanForm,
} from "./forms.ts";
import { createInvitation, revokeInvitation } from "./invitations.server.ts";
import { createOrganization, updateOrganization, type OrganizationInput } from "./organizations.server.ts";
import { createPlan, patchPlan, type PlanInput, type StageDates } from "./plans.server.ts";

// The actions behind the workspace's forms (plain form posts that work without JavaScript). The
// `intent` names the form; success redirects with a notice (`?hecho=<key>`); a malformed form or a
// refused input answers 400 with a `FormReply` (the form's errors, its values kept), rendered by
// the form kit; someone who is not the secretariat gets 403 (401 and the login page when not
// logged in); an unknown plan or organisation 404. Refusals are in the request's language.

/** The secretariat acting, or the login redirect / a 403 thrown. */
export function requireSecretariat(context: AppLoadContext, request: Request): Secretary {
  const { user } = requireUser(context, request);
  requirePermission(user, can.accessWorkspace(user), request);
  return user;
}

const reply = (intent: string, submission: FormResult, status = 400) =>
  json({ intent, submission } satisfies FormReply, { status });

/** A refused act: thrown as 404/403, or the form redisplayed with the error by its field. */
function refused<
  S extends {
    reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => FormResult;
  },
>(request: Request, intent: string, submission: S, failure: Failure, notFound: ResponseKey) {
  if (failure.error !== "invalid") {
    throw failure.error === "not-found"
      ? textResponse(request, 404, notFound)
      : textResponse(request, 403, "responses.forbidden");
  }
  const message = failure.params ? errorWithValues(failure.message, failure.params) : failure.message;
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
  if (!result.ok) return refused(request, "create", submission, result, "responses.notFound");
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
    if (!result.ok) return refused(request, intent, submission, result, "responses.planNotFound");
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
        if (result.error === "not-found") throw textResponse(request, 404, "responses.planNotFound");
        throw textResponse(request, 403, "responses.forbidden");
      }
      return back(result.changed.length > 0 ? "participacion-cerrada" : "sin-cambios");
    }
    default:
      throw textResponse(request, 400, "responses.unknownAction");
  }
}

/** /administracion/planes/:planId/compromisos — a new commitment. */
export async function newCommitmentAction(request: Request, context: AppLoadContext, planId: string) {
  const actor = requireSecretariat(context, request);
  const submission = parseWithZod(await request.formData(), { schema: commitmentSchema });
  if (submission.status !== "success") return reply("commitment", submission.reply());
  const result = await createCommitment(actor, planId, submission.value);
  if (!result.ok) return refused(request, "commitment", submission, result, "responses.planNotFound");
  return redirect(`/compromisos/${result.id}/equipo?hecho=compromiso-creado`);
}

/** /administracion/organizaciones/nueva */
export async function newOrganizationAction(request: Request, context: AppLoadContext) {
  const actor = requireSecretariat(context, request);
  const submission = parseWithZod(await request.formData(), { schema: organizationSchema });
  if (submission.status !== "success") return reply("organization", submission.reply());
  const result = await createOrganization(actor, organizationInput(submission.value));
  if (!result.ok) return refused(request, "organization", submission, result, "responses.notFound");
  return redirect(`/administracion/organizaciones/${result.id}?hecho=registrada`);
}

/** /administracion/organizaciones/:organizationId */
export async function organizationAction(request: Request, context: AppLoadContext, organizationId: string) {
  const actor = requireSecretariat(context, request);
  const submission = parseWithZod(await request.formData(), { schema: organizationSchema });
  if (submission.status !== "success") return reply("organization", submission.reply());
  const result = await updateOrganization(actor, organizationId, organizationInput(submission.value));
  if (!result.ok) return refused(request, "organization", submission, result, "responses.organizationNotFound");
  return redirect(
    `/administracion/organizaciones/${organizationId}?hecho=${result.changed.length > 0 ? "guardada" : "sin-cambios"}`,
  );
}

/** /administracion/invitaciones — intents invite and revoke. */
export async function invitationsAction(request: Request, context: AppLoadContext) {
  const actor = requireSecretariat(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "revoke") {
    const id = formData.get("id");
    if (typeof id !== "string" || id.length === 0 || id.length > 64) {
      throw textResponse(request, 400, "responses.unknownAction");
    }
    const result = await revokeInvitation(actor, id);
    if (!result.ok) {
      if (result.error === "not-found") throw textResponse(request, 404, "responses.notFound");
      if (result.error === "forbidden") throw textResponse(request, 403, "responses.forbidden");
      return redirect("/administracion/invitaciones?hecho=no-pendiente");
    }
    return redirect("/administracion/invitaciones?hecho=revocada");
  }
  if (intent !== "invite") throw textResponse(request, 400, "responses.unknownAction");
  const submission = parseWithZod(formData, { schema: invitationSchema });
  if (submission.status !== "success") return reply("invite", submission.reply());
  const result = await createInvitation(actor, {
    ...submission.value,
    organizationId: submission.value.organizationId ?? null,
    commitmentId: submission.value.commitmentId ?? null,
    teamRole: submission.value.teamRole ?? null,
  });
  if (!result.ok) return refused(request, "invite", submission, result, "responses.notFound");
  return redirect("/administracion/invitaciones?hecho=enviada");
}
