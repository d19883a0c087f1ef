import { dataResponse, pathParam, ref, type OpenApiPaths, type OpenApiSchemas } from "./types.ts";

// Monitoring: the public record and each plan's progress.

export const monitoringPaths: OpenApiPaths = {
  "/api/v1/ledger": {
    get: {
      operationId: "listLedgerEntries",
      summary: "The public record, oldest first, a page at a time",
      description:
        "Entries with `seq` greater than `after`. Follow `next` until it is null. Each entry's `hash` is the SHA-256 of the canonical JSON of its fields with `prevHash`, so the chain can be re-verified by anyone.",
      tags: ["record"],
      parameters: [
        {
          name: "after",
          in: "query",
          required: false,
          description: "Last seq already read (default 0)",
          schema: { type: "integer", minimum: 0 },
        },
        {
          name: "limit",
          in: "query",
          required: false,
          description: "Page size (default 100, at most 500)",
          schema: { type: "integer", minimum: 1, maximum: 500 },
        },
      ],
      responses: {
        "200": {
          description: "A page of entries",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["data", "next"],
                properties: {
                  data: { type: "array", items: ref("LedgerEntry") },
                  next: { type: ["string", "null"], description: "URL of the next page, or null at the head" },
                  head: {
                    type: ["object", "null"],
                    properties: { seq: { type: "integer" }, hash: { type: "string" } },
                  },
                },
              },
            },
          },
        },
        "400": { $ref: "#/components/responses/BadRequest" },
      },
    },
  },
  "/api/v1/plans/{planId}/progress": {
    get: {
      operationId: "getPlanProgress",
      summary: "A plan's compliance and each commitment's completion and flags",
      tags: ["plans", "monitoring"],
      parameters: [pathParam("planId", "The plan's id")],
      responses: {
        "200": dataResponse("The plan's progress", ref("PlanProgress")),
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      tags: ["meta"],
      responses: {
        "200": {
          description: "The OpenAPI 3.1 document",
          content: { "application/json": { schema: { type: "object" } } },
        },
      },
    },
  },
};

const completion = { enum: ["NOT_STARTED", "LIMITED", "SUBSTANTIAL", "COMPLETE", null] };

export const monitoringSchemas: OpenApiSchemas = {
  LedgerEntry: {
    type: "object",
    required: ["seq", "at", "kind", "subjectType", "subjectId", "data", "prevHash", "hash"],
    properties: {
      seq: { type: "integer" },
      at: { type: "string", format: "date-time" },
      kind: { type: "string", examples: ["progress.reported", "commitment.approved", "vote.cast"] },
      subjectType: { type: "string" },
      subjectId: { type: "string" },
      actorId: { type: ["string", "null"], description: "User id of a named act; names are never in the record" },
      pseudonym: { type: ["string", "null"], description: "A voter's pseudonym for one subject" },
      sector: { enum: ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA", null] },
      orgId: { type: ["string", "null"] },
      commitmentId: { type: ["string", "null"] },
      data: { type: "string", description: "Canonical JSON of the act's details" },
      prevHash: { type: "string" },
      hash: { type: "string" },
    },
  },
  PlanProgress: {
    type: "object",
    properties: {
      plan: {
        type: "object",
        properties: { id: { type: "string" }, name: { type: "string" }, phase: { type: "string" } },
      },
      declaredCompliance: { type: ["integer", "null"], description: "The source's declared figure, in percent" },
      computedCompliance: {
        type: ["integer", "null"],
        description: "Percent of commitments whose completion is substantial or complete",
      },
      completionCounts: { type: "object", additionalProperties: { type: "integer" } },
      commitments: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string" },
            number: { type: "integer" },
            title: { type: ["string", "null"] },
            completion,
            reportedPeriods: { type: "array", items: { type: "string", examples: ["2027-S1"] } },
            overdueMilestones: { type: "integer" },
            silent: { type: "boolean", description: "No report from the institution in the last period" },
          },
        },
      },
    },
  },
};
