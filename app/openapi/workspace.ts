import { dataResponse, pathParam, ref, type OpenApiPaths, type OpenApiSchemas } from "./types.ts";

// The secretariat's workspace as JSON (docs/decisions/019): create and edit plans, add
// commitments, form drafting teams. Writes take the session cookie of an administrator and our
// Origin (like every mutation); bodies use the names the GET of the same resource returns.

const errors = {
  "400": { $ref: "#/components/responses/BadRequest" },
  "401": { $ref: "#/components/responses/Unauthorized" },
  "403": { $ref: "#/components/responses/Forbidden" },
};
const notFound = { "404": { $ref: "#/components/responses/NotFound" } };
const security = [{ sessionCookie: [] }];
const json = (schema: Record<string, unknown>) => ({ required: true, content: { "application/json": { schema } } });
const written = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Written") } },
});

const planId = pathParam("planId", "The plan's id");
const commitmentId = pathParam("commitmentId", "The commitment's id");
const userId = pathParam("userId", "The person's user id");
const stage = {
  enum: ["THEME_SELECTION", "PROPOSALS", "DRAFTING", "FORUM_VALIDATION", "APPROVAL", "IMPLEMENTATION", "CLOSING"],
};
const teamRole = { enum: ["GOVERNMENT_CO_LEAD", "CIVIL_SOCIETY_CO_LEAD", "MEMBER"] };
const nullableString = { type: ["string", "null"] };

export const workspacePaths: OpenApiPaths = {
  "/api/v1/invitations": {
    post: {
      operationId: "createInvitation",
      summary: "Invite a person by email (the secretariat)",
      description:
        "Puts an invitation message in the outbox: a single-use link to `/invitacion/<token>`, valid 7 days, where a newcomer creates their account (or a person with an account at that address confirms while logged in) and receives the role, the organisation membership and the place on the commitment's drafting team. `teamRole` needs `commitmentId`; a government co-lead must come from government (`PUBLIC_SERVANT`, `ADMIN` or a public-sector organisation), a civil-society co-lead must not. Recorded as `invitation.sent` (role, organisation, commitment; never the address). Invitations are not listed by the API: they hold addresses.",
      tags: ["workspace"],
      security,
      requestBody: json(ref("NewInvitation")),
      responses: { "201": written("Created: the invitation's id"), ...errors },
    },
  },
  "/api/v1/plans": {
    post: {
      operationId: "createPlan",
      summary: "Create a plan (the secretariat)",
      description:
        "The plan starts at theme selection, in co-creation, and is public at once; the act is recorded as `plan.created`. A national plan without `territoryId` belongs to Peru (`PE`). Themes are names, in order.",
      tags: ["workspace"],
      security,
      requestBody: json(ref("NewPlan")),
      responses: { "201": written("Created: the plan's id"), ...errors },
    },
  },
  "/api/v1/plans/{planId}": {
    patch: {
      operationId: "updatePlan",
      summary: "Edit a plan: fields and themes, stage or phase, calendar, participation window (the secretariat)",
      description:
        "Any subset of the fields, applied in one transaction: a refused part changes nothing. Each part that changes something is one entry of the public record (`plan.changed` with every changed field before and after, `plan.calendar`, `plan.phase`, `plan.window`). `stage` moves the plan along the OGP cycle (its phase follows); `phase` moves it one phase forward or back (its stage follows); not both. A theme left out of `themes` is removed unless proposals or commitments use it. `participationWindow: null` closes participation. Answers the parts that changed.",
      tags: ["workspace"],
      security,
      parameters: [planId],
      requestBody: json(ref("PlanPatch")),
      responses: {
        "200": {
          description: "Edited",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["id", "changed"],
                properties: { id: { type: "string" }, changed: { type: "array", items: { type: "string" } } },
              },
            },
          },
        },
        ...errors,
        ...notFound,
      },
    },
  },
  "/api/v1/plans/{planId}/commitments": {
    get: {
      operationId: "listPlanCommitments",
      summary: "A plan's commitments, with their team size",
      tags: ["workspace"],
      parameters: [planId],
      responses: {
        "200": dataResponse("The commitments", { type: "array", items: ref("PlanCommitment") }),
        ...notFound,
      },
    },
    post: {
      operationId: "createCommitment",
      summary: "Add a commitment to a plan: an empty draft, or from a proposal (the secretariat)",
      description:
        "The commitment gets the plan's next number and starts as a draft on the OGP template. With `fromProposalId` (a proposal of the plan without an answer yet), the proposal is accepted into it with `reason` (a standard reason when omitted), linked, and its text starts the draft's problem statement; its acts join the commitment's lineage. Recorded as `commitment.created` (and `proposal.responded`).",
      tags: ["workspace"],
      security,
      parameters: [planId],
      requestBody: json(ref("NewCommitment")),
      responses: { "201": written("Created: the commitment's id"), ...errors, ...notFound },
    },
  },
  "/api/v1/commitments/{commitmentId}/team": {
    get: {
      operationId: "getTeam",
      summary: "A commitment's drafting team, with each person's role, sector and organisation",
      tags: ["workspace"],
      parameters: [commitmentId],
      responses: { "200": dataResponse("The team", { type: "array", items: ref("TeamMember") }), ...notFound },
    },
  },
  "/api/v1/commitments/{commitmentId}/team/{userId}": {
    get: {
      operationId: "getTeamMember",
      summary: "One person's place on a drafting team",
      tags: ["workspace"],
      parameters: [commitmentId, userId],
      responses: { "200": dataResponse("The team member", ref("TeamMember")), ...notFound },
    },
    put: {
      operationId: "putTeamMember",
      summary: "Put a person on the drafting team with a role, or change their role (the secretariat)",
      description:
        "Joining takes effect at once in open editors on every node (the person's editor turns read-write). A co-lead for government must be a public servant or belong to a public-sector institution; a co-lead for civil society must not. Recorded as `commitment.team_joined` or `commitment.team_role` (by user id, never an email address).",
      tags: ["workspace"],
      security,
      parameters: [commitmentId, userId],
      requestBody: json({
        type: "object",
        required: ["role"],
        additionalProperties: false,
        properties: { role: teamRole },
      }),
      responses: {
        "201": written("Joined the team"),
        "200": written("The role changed (or was already that one)"),
        ...errors,
        ...notFound,
      },
    },
    delete: {
      operationId: "deleteTeamMember",
      summary: "Take a person off the drafting team (the secretariat)",
      description: "Their open editor turns read-only at once. Recorded as `commitment.team_left`.",
      tags: ["workspace"],
      security,
      parameters: [commitmentId, userId],
      responses: {
        "204": { description: "Left the team" },
        "401": errors["401"],
        "403": errors["403"],
        ...notFound,
      },
    },
  },
};

const year = { type: "integer", minimum: 2000, maximum: 2100 };
const period = {
  type: "object",
  required: ["start", "end"],
  additionalProperties: false,
  properties: { start: year, end: year },
};
const day = { type: "string", format: "date" };

export const workspaceSchemas: OpenApiSchemas = {
  Written: {
    type: "object",
    required: ["id"],
    properties: { id: { type: "string" }, url: { type: "string" } },
  },
  NewPlan: {
    type: "object",
    required: ["name", "period", "scope"],
    additionalProperties: false,
    properties: {
      name: { type: "string", minLength: 5, maxLength: 200 },
      ordinal: nullableString,
      period,
      scope: { enum: ["NATIONAL", "REGIONAL", "LOCAL"] },
      territoryId: {
        ...nullableString,
        description: "A territory's id (`territory.id` in the GET); Peru for a national plan",
      },
      summary: { ...nullableString, description: "The plan's description" },
      themes: { type: "array", maxItems: 30, items: { type: "string", minLength: 1, maxLength: 120 } },
    },
  },
  PlanPatch: {
    type: "object",
    minProperties: 1,
    additionalProperties: false,
    properties: {
      name: { type: "string", minLength: 5, maxLength: 200 },
      ordinal: nullableString,
      period,
      scope: { enum: ["NATIONAL", "REGIONAL", "LOCAL"] },
      territoryId: nullableString,
      summary: nullableString,
      themes: { type: "array", maxItems: 30, items: { type: "string" } },
      stage,
      phase: { enum: ["CO_CREATION", "IMPLEMENTATION", "CLOSED"] },
      calendar: {
        type: "array",
        description: "The whole calendar: each stage at most once",
        items: {
          type: "object",
          required: ["stage", "start", "end"],
          additionalProperties: false,
          properties: { stage, start: day, end: day },
        },
      },
      participationWindow: {
        type: ["object", "null"],
        required: ["opensAt", "closesAt"],
        additionalProperties: false,
        properties: {
          opensAt: { type: "string", format: "date-time" },
          closesAt: { type: "string", format: "date-time" },
        },
      },
    },
  },
  NewInvitation: {
    type: "object",
    required: ["email", "name", "role"],
    additionalProperties: false,
    properties: {
      email: { type: "string", format: "email", maxLength: 254 },
      name: { type: "string", minLength: 2, maxLength: 120, description: "How the invitation greets the person" },
      role: { enum: ["CITIZEN", "ORG_MEMBER", "PUBLIC_SERVANT", "FORUM_MEMBER", "ADMIN"] },
      organizationId: { ...nullableString, description: "An organisation the person joins as a member" },
      commitmentId: { ...nullableString, description: "A commitment whose drafting team the person joins" },
      teamRole: { enum: [...teamRole.enum, null], description: "The place on the team (MEMBER when left out)" },
    },
  },
  NewCommitment: {
    type: "object",
    required: ["title"],
    additionalProperties: false,
    properties: {
      title: { type: "string", minLength: 5, maxLength: 300 },
      fromProposalId: nullableString,
      reason: { ...nullableString, description: "Why the proposal is accepted (public)" },
      leadInstitutionId: { ...nullableString, description: "A public institution's organisation id" },
      themeId: nullableString,
    },
  },
  PlanCommitment: {
    type: "object",
    properties: {
      id: { type: "string" },
      number: { type: "integer" },
      title: nullableString,
      status: { enum: ["DRAFT", "IN_CONSULTATION", "AGREED", "APPROVED"] },
      leadInstitution: nullableString,
      teamSize: { type: "integer" },
      proposalCount: { type: "integer" },
      url: { type: "string" },
    },
  },
  TeamMember: {
    type: "object",
    required: ["userId", "name", "role"],
    properties: {
      userId: { type: "string" },
      name: { type: "string" },
      role: teamRole,
      sector: { enum: ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA", null] },
      organization: nullableString,
      since: { type: "string", format: "date-time" },
    },
  },
};
