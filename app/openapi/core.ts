import { dataResponse, pathParam, ref, type OpenApiPaths, type OpenApiSchemas } from "./types.ts";

// The foundation's routes: plans and commitments.

export const corePaths: OpenApiPaths = {
  "/api/v1/plans": {
    get: {
      operationId: "listPlans",
      summary: "Every action plan, national and territorial",
      tags: ["plans"],
      responses: { "200": dataResponse("The plans", { type: "array", items: ref("PlanSummary") }) },
    },
  },
  "/api/v1/plans/{planId}": {
    get: {
      operationId: "getPlan",
      summary: "One plan with its commitments",
      tags: ["plans"],
      parameters: [pathParam("planId", "The plan's id, e.g. paga-2020-2021")],
      responses: {
        "200": dataResponse("The plan", ref("Plan")),
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
  "/api/v1/commitments/{commitmentId}": {
    get: {
      operationId: "getCommitment",
      summary: "One commitment on the OGP template",
      tags: ["commitments"],
      parameters: [pathParam("commitmentId", "The commitment's id")],
      responses: {
        "200": dataResponse("The commitment", ref("Commitment")),
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
};

const nullableString = { type: ["string", "null"] };
const planStage = {
  enum: ["THEME_SELECTION", "PROPOSALS", "DRAFTING", "FORUM_VALIDATION", "APPROVAL", "IMPLEMENTATION", "CLOSING", null],
};

export const coreSchemas: OpenApiSchemas = {
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["status", "message"],
        properties: { status: { type: "integer" }, message: { type: "string" } },
      },
    },
  },
  PlanSummary: {
    type: "object",
    required: ["id", "name", "period", "scope", "phase"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      ordinal: nullableString,
      period: { type: "object", properties: { start: { type: "integer" }, end: { type: "integer" } } },
      scope: { enum: ["NATIONAL", "REGIONAL", "LOCAL"] },
      territory: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } },
      phase: { enum: ["CO_CREATION", "IMPLEMENTATION", "CLOSED"] },
      stage: {
        ...planStage,
        description: "Where the plan stands on the OGP cycle (null for plans recorded before stages)",
      },
      isDemo: { type: "boolean" },
      themes: { type: "array", items: { type: "string" } },
      declaredCommitmentCount: { type: ["integer", "null"] },
      declaredCompliance: { type: ["integer", "null"], description: "The source's declared compliance, in percent" },
      commitmentCount: { type: "integer" },
      url: { type: "string" },
    },
  },
  Plan: {
    type: "object",
    required: ["id", "name", "commitments"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      period: { type: "object", properties: { start: { type: "integer" }, end: { type: "integer" } } },
      scope: { enum: ["NATIONAL", "REGIONAL", "LOCAL"] },
      territory: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } },
      phase: { enum: ["CO_CREATION", "IMPLEMENTATION", "CLOSED"] },
      stage: planStage,
      summary: { ...nullableString, description: "The plan's description" },
      calendar: {
        type: "array",
        description: "The dates the secretariat set for the stages of the cycle",
        items: {
          type: "object",
          properties: {
            stage: planStage,
            start: { type: "string", format: "date" },
            end: { type: "string", format: "date" },
          },
        },
      },
      participationWindow: {
        type: ["object", "null"],
        description: "When supports are accepted (only while the plan is in co-creation)",
        properties: {
          opensAt: { type: "string", format: "date-time" },
          closesAt: { type: "string", format: "date-time" },
        },
      },
      themes: { type: "array", items: { type: "string" } },
      commitments: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string" },
            number: { type: "integer" },
            ogpId: nullableString,
            title: nullableString,
            titleEn: nullableString,
            status: { enum: ["DRAFT", "IN_CONSULTATION", "AGREED", "APPROVED"] },
            theme: nullableString,
            leadInstitution: nullableString,
            url: { type: "string" },
          },
        },
      },
    },
  },
  Commitment: {
    type: "object",
    required: ["id", "number", "status"],
    description: "A commitment on the OGP template, with supporting actors, milestones and indicators.",
    properties: {
      id: { type: "string" },
      number: { type: "integer" },
      ogpId: nullableString,
      title: nullableString,
      status: { enum: ["DRAFT", "IN_CONSULTATION", "AGREED", "APPROVED"] },
      completion: { enum: ["NOT_STARTED", "LIMITED", "SUBSTANTIAL", "COMPLETE", null] },
      milestones: { type: "array", items: { type: "object" } },
      indicators: { type: "array", items: { type: "object" } },
      url: { type: "string" },
    },
  },
};
