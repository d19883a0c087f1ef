import type { AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { putTeamMember, removeTeamMember, listTeam, type TeamFailure } from "~/drafting/team.server.ts";
import { TEAM_ROLES } from "~/drafting/team-roles.ts";
import { translator } from "~/i18n.ts";
import { PLAN_PHASES, PLAN_STAGES } from "~/plans/cycle.ts";
import { apiData, apiError, apiWritten, readJsonObject, requireApiUser } from "~/utils/api.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { can } from "~/utils/permissions.server.ts";
import { createCommitment, listPlanCommitments } from "./commitments.server.ts";
import type { Failure, Secretary } from "./common.server.ts";
import {
  COMMITMENT_TITLE_MAX,
  INVITATION_ROLES,
  DAY,
  ORDINAL_MAX,
  PLAN_NAME_MAX,
  PLAN_SUMMARY_MAX,
  REASON_MAX,
  SCOPES,
  THEME_MAX,
  THEMES_MAX,
  YEAR_MAX,
  YEAR_MIN,
  parseDay,
  themeLines,
} from "./forms.ts";
import { createInvitation } from "./invitations.server.ts";
import { createPlan, patchPlan, type PlanInput, type PlanPatch } from "./plans.server.ts";

// The workspace's acts as JSON under /api/v1, authorised as on the pages (the session cookie,
// and our Origin as on every mutation). Bodies use the field names the GET of the same resource
// returns. Answers: 201 `{ id }` when something was created, 200 `{ id, ... }` for a change, 204
// for a removal; 400 `{ error: { status, message, field } }` naming the field in error (and a
// malformed body changes nothing); 401 without a session; 403 for someone who may not; 404 for an
// unknown plan, commitment or person. Messages are in English, like the rest of the API.

const en = translator("en");

/** The secretariat acting through the API, or 401/403 thrown. */
function requireApiSecretariat(context: AppLoadContext, allowed: (actor: Secretary) => boolean): Secretary {
  const user = requireApiUser(context);
  if (!allowed(user)) throw apiError(403, "Only the secretariat (an administrator) may do this.");
  return user;
}

/** The first problem zod found, as a 400 naming the field. */
function badBody(error: z.ZodError): Response {
  const issue = error.issues[0]!;
  const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const path = [...issue.path, ...keys.slice(0, 1)].map(String).join(".");
  const message =
    issue.code === "unrecognized_keys" ? `Unknown field: ${keys.join(", ")}` : `${path || "body"}: ${issue.message}`;
  return apiError(400, message, path || undefined);
}

function parse<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body);
  if (!result.success) throw badBody(result.error);
  return result.data;
}

/** The API's name of a field a model names in its failure (the forms' names). */
const API_FIELD: Record<string, string> = {
  periodStart: "period.start",
  periodEnd: "period.end",
  opensAt: "participationWindow.opensAt",
  closesAt: "participationWindow.closesAt",
};

/** A refused act as the API answers it. */
function failed(failure: Failure, notFoundMessage: string): Response {
  if (failure.error === "not-found") return apiError(404, notFoundMessage);
  if (failure.error === "forbidden") return apiError(403, "Only the secretariat (an administrator) may do this.");
  const field = failure.field.startsWith("calendar") ? "calendar" : (API_FIELD[failure.field] ?? failure.field);
  return apiError(400, en(failure.message, failure.params ?? {}), field || undefined);
}

const year = z.number().int().min(YEAR_MIN).max(YEAR_MAX);
const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().max(max);

const period = z
  .strictObject({ start: year, end: year })
  .refine((p) => p.end >= p.start, { message: "the period cannot end before it starts", path: ["end"] });

const themes = z
  .array(z.string().trim().min(1).max(THEME_MAX))
  .max(THEMES_MAX)
  .transform((names) => themeLines(names.join("\n")));

const planFields = {
  name: z.string().trim().min(5).max(PLAN_NAME_MAX),
  ordinal: text(ORDINAL_MAX).nullable().optional(),
  period,
  scope: z.enum(SCOPES),
  territoryId: id.nullable().optional(),
  summary: text(PLAN_SUMMARY_MAX).nullable().optional(),
  themes: themes.optional(),
};

const newPlanBody = z.strictObject(planFields);

const day = z
  .string()
  .regex(DAY, "expected a date YYYY-MM-DD")
  .refine((v) => parseDay(v) !== null, "not a valid date");
const instant = z.iso.datetime({ offset: true });

const planPatchBody = z
  .strictObject({
    name: planFields.name.optional(),
    ordinal: planFields.ordinal,
    period: period.optional(),
    scope: planFields.scope.optional(),
    territoryId: planFields.territoryId,
    summary: planFields.summary,
    themes: planFields.themes,
    phase: z.enum(PLAN_PHASES).optional(),
    stage: z.enum(PLAN_STAGES).optional(),
    calendar: z
      .array(
        z
          .strictObject({ stage: z.enum(PLAN_STAGES), start: day, end: day })
          .refine((s) => s.end >= s.start, { message: "a stage cannot end before it starts", path: ["end"] }),
      )
      .max(PLAN_STAGES.length)
      .optional(),
    participationWindow: z
      .strictObject({ opensAt: instant, closesAt: instant })
      .refine((w) => new Date(w.closesAt).getTime() > new Date(w.opensAt).getTime(), {
        message: "the window must close after it opens",
        path: ["closesAt"],
      })
      .nullable()
      .optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "nothing to change: send at least one field" })
  .refine((body) => !(body.phase && body.stage), {
    message: "send either a stage (the phase follows) or a phase, not both",
    path: ["stage"],
  });

const newCommitmentBody = z.strictObject({
  title: z.string().trim().min(5).max(COMMITMENT_TITLE_MAX),
  fromProposalId: id.nullable().optional(),
  leadInstitutionId: id.nullable().optional(),
  themeId: id.nullable().optional(),
  reason: text(REASON_MAX).nullable().optional(),
});

const teamBody = z.strictObject({ role: z.enum(TEAM_ROLES) });

/** POST /api/v1/plans */
export async function apiCreatePlan(request: Request, context: AppLoadContext): Promise<Response> {
  const actor = requireApiSecretariat(context, can.managePlans);
  const body = parse(newPlanBody, await readJsonObject(request));
  const input: PlanInput = {
    name: body.name,
    ordinal: body.ordinal || null,
    periodStart: body.period.start,
    periodEnd: body.period.end,
    scope: body.scope,
    territoryId: body.territoryId ?? null,
    summary: body.summary || null,
    themes: body.themes ?? [],
  };
  const result = await createPlan(actor, input);
  if (!result.ok) return failed(result, "Plan not found");
  return apiWritten(201, { id: result.id, url: `/planes/${result.id}` });
}

/** PATCH /api/v1/plans/:planId */
export async function apiPatchPlan(request: Request, context: AppLoadContext, planId: string): Promise<Response> {
  const actor = requireApiSecretariat(context, can.managePlans);
  const body = parse(planPatchBody, await readJsonObject(request));
  const plan = await prisma().plan.findUnique({
    where: { id: planId },
    select: {
      name: true,
      ordinal: true,
      periodStart: true,
      periodEnd: true,
      scope: true,
      territoryId: true,
      summary: true,
      themes: { orderBy: { position: "asc" }, select: { name: true } },
    },
  });
  if (!plan) return apiError(404, "Plan not found");
  const patch: PlanPatch = {};
  const detailKeys = ["name", "ordinal", "period", "scope", "territoryId", "summary", "themes"] as const;
  if (detailKeys.some((key) => body[key] !== undefined)) {
    patch.details = {
      name: body.name ?? plan.name,
      ordinal: body.ordinal !== undefined ? body.ordinal || null : plan.ordinal,
      periodStart: body.period?.start ?? plan.periodStart,
      periodEnd: body.period?.end ?? plan.periodEnd,
      scope: body.scope ?? plan.scope,
      territoryId: body.territoryId !== undefined ? body.territoryId : plan.territoryId,
      summary: body.summary !== undefined ? body.summary || null : plan.summary,
      themes: body.themes ?? plan.themes.map((theme) => theme.name),
    };
  }
  if (body.calendar) {
    patch.calendar = body.calendar.map((entry) => ({
      stage: entry.stage,
      startsOn: parseDay(entry.start)!,
      endsOn: parseDay(entry.end)!,
    }));
  }
  if (body.stage) patch.move = { stage: body.stage };
  else if (body.phase) patch.move = { phase: body.phase };
  if (body.participationWindow !== undefined) {
    patch.window = body.participationWindow
      ? { opensAt: new Date(body.participationWindow.opensAt), closesAt: new Date(body.participationWindow.closesAt) }
      : null;
  }
  const result = await patchPlan(actor, planId, patch);
  if (!result.ok) return failed(result, "Plan not found");
  return apiWritten(200, { id: planId, changed: result.changed });
}

/** GET /api/v1/plans/:planId/commitments */
export async function apiPlanCommitments(planId: string): Promise<Response> {
  const exists = await prisma().plan.findUnique({ where: { id: planId }, select: { id: true } });
  if (!exists) throw apiError(404, "Plan not found");
  const commitments = await listPlanCommitments(planId);
  return apiData(
    commitments.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      titleEn: c.titleEn,
      status: c.status,
      theme: c.theme?.name ?? null,
      leadInstitution: c.leadInstitution?.name ?? null,
      teamSize: c._count.team,
      proposalCount: c._count.proposals,
      url: `/compromisos/${c.id}`,
    })),
  );
}

/** POST /api/v1/plans/:planId/commitments */
export async function apiCreateCommitment(
  request: Request,
  context: AppLoadContext,
  planId: string,
): Promise<Response> {
  const actor = requireApiSecretariat(context, can.createCommitment);
  const body = parse(newCommitmentBody, await readJsonObject(request));
  const result = await createCommitment(actor, planId, body);
  if (!result.ok) return failed(result, "Plan not found");
  return apiWritten(201, { id: result.id, number: result.number, url: `/compromisos/${result.id}` });
}

const TEAM_ERRORS: Record<TeamFailure["error"], [number, string]> = {
  "not-found": [404, "Commitment not found"],
  forbidden: [403, "Only the secretariat (an administrator) may do this."],
  "unknown-person": [404, "Person not found"],
  "not-member": [404, "That person is not on the team"],
  already: [400, "That person is already on the team"],
  "role-refused": [400, "That person cannot hold this role"],
};

function teamFailed(failure: TeamFailure): Response {
  const [status, message] = TEAM_ERRORS[failure.error];
  return apiError(
    status,
    failure.reason ? en(failure.reason) : message,
    failure.error === "role-refused" ? "role" : undefined,
  );
}

/** GET /api/v1/commitments/:commitmentId/team */
export async function apiTeam(commitmentId: string): Promise<Response> {
  const team = await listTeam(commitmentId);
  if (!team) throw apiError(404, "Commitment not found");
  return apiData(team);
}

/** GET /api/v1/commitments/:commitmentId/team/:userId */
export async function apiTeamMember(commitmentId: string, userId: string): Promise<Response> {
  const team = await listTeam(commitmentId);
  if (!team) throw apiError(404, "Commitment not found");
  const member = team.find((m) => m.userId === userId);
  if (!member) throw apiError(404, "That person is not on the team");
  return apiData(member);
}

/** PUT /api/v1/commitments/:commitmentId/team/:userId — join the team with a role, or change the role. */
export async function apiPutTeamMember(
  request: Request,
  context: AppLoadContext,
  commitmentId: string,
  userId: string,
): Promise<Response> {
  const actor = requireApiSecretariat(context, can.manageDraftingTeam);
  const body = parse(teamBody, await readJsonObject(request));
  const result = await putTeamMember(actor, commitmentId, userId, body.role);
  if (!result.ok) return teamFailed(result);
  return apiWritten(result.created ? 201 : 200, { id: userId, role: body.role });
}

/** DELETE /api/v1/commitments/:commitmentId/team/:userId — leave the team. */
export async function apiDeleteTeamMember(
  context: AppLoadContext,
  commitmentId: string,
  userId: string,
): Promise<Response> {
  const actor = requireApiSecretariat(context, can.manageDraftingTeam);
  const result = await removeTeamMember(actor, commitmentId, userId);
  if (!result.ok) return teamFailed(result);
  return apiWritten(204);
}

const newInvitationBody = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).email(),
  name: z.string().trim().min(2).max(120),
  role: z.enum(INVITATION_ROLES),
  organizationId: id.nullable().optional(),
  commitmentId: id.nullable().optional(),
  teamRole: z.enum(TEAM_ROLES).nullable().optional(),
});

/** POST /api/v1/invitations */
export async function apiCreateInvitation(request: Request, context: AppLoadContext): Promise<Response> {
  const actor = requireApiSecretariat(context, can.accessWorkspace);
  const body = parse(newInvitationBody, await readJsonObject(request));
  const result = await createInvitation(actor, {
    email: body.email,
    name: body.name,
    role: body.role,
    organizationId: body.organizationId ?? null,
    commitmentId: body.commitmentId ?? null,
    teamRole: body.teamRole ?? null,
  });
  if (!result.ok) return failed(result, "Not found");
  return apiWritten(201, { id: result.id });
}
