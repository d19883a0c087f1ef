import { dataResponse, pathParam, ref, type OpenApiPaths, type OpenApiSchemas } from "./types.ts";

// Participation: citizens' and organisations' proposals, with their supports (counts only, never
// who), named endorsements, comment counts and the government's reasoned response.

const query = (name: string, description: string, schema: Record<string, unknown>) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

const status = {
  enum: ["PUBLISHED", "UNDER_EVALUATION", "ACCEPTED", "PARTLY_ACCEPTED", "NOT_ACCEPTED", "WITHDRAWN"],
};
const sector = { enum: ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"] };
const nullableSector = { enum: ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA", null] };
const nullableString = { type: ["string", "null"] };
const nullableDate = { type: ["string", "null"], format: "date-time" };
const territory = {
  type: ["object", "null"],
  properties: { id: { type: "string" }, name: { type: "string" } },
};

export const proposalPaths: OpenApiPaths = {
  "/api/v1/proposals": {
    get: {
      operationId: "listProposals",
      summary: "Proposals, 20 a page, with their support, endorsement and comment counts",
      description:
        "Keyset (cursor) pagination: follow `nextCursor` / `prevCursor` from the answer with `cursor=`, keeping the same filters and `sort`; a page costs the same at any depth and stays stable while proposals arrive. `page=` (offset) still works, and its answer carries cursors too. A malformed `status`, `sector`, `sort`, `page`, `cursor` or `q`, a cursor made for another `sort`, or `cursor` together with `page`, answers 400 naming the parameter.",
      tags: ["participation"],
      parameters: [
        query("plan", "A plan's id", { type: "string" }),
        query("status", "The proposal's status", status),
        query("theme", "A theme's id", { type: "string" }),
        query("territory", "A territory's id", { type: "string" }),
        query("sector", "The proposer's sector", sector),
        query("q", "Full-text search (at most 200 characters)", { type: "string", maxLength: 200 }),
        query("sort", "Order (default: most recent)", { enum: ["support", "recent", "discussion"] }),
        query("cursor", "`nextCursor` or `prevCursor` of a previous answer with the same filters and sort (opaque)", {
          type: "string",
          pattern: "^[A-Za-z0-9_-]{1,400}$",
        }),
        query("page", "Page number, from 1 (offset pagination; prefer `cursor`)", {
          type: "integer",
          minimum: 1,
          maximum: 999999,
        }),
      ],
      responses: {
        "200": dataResponse("A page of proposals", ref("ProposalPage")),
        "400": { $ref: "#/components/responses/BadRequest" },
      },
    },
  },
  "/api/v1/proposals/{proposalId}": {
    get: {
      operationId: "getProposal",
      summary: "A proposal with its supports by sector, named endorsements, response and linked commitment",
      tags: ["participation"],
      parameters: [pathParam("proposalId", "The proposal's id")],
      responses: {
        "200": dataResponse("The proposal", ref("Proposal")),
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
};

export const proposalSchemas: OpenApiSchemas = {
  ProposalPage: {
    type: "object",
    required: ["page", "nextCursor", "prevCursor", "from", "to", "pageSize", "pageCount", "total", "proposals"],
    properties: {
      page: {
        type: ["integer", "null"],
        description: "The page number asked with `page=`; null when reached by cursor",
      },
      nextCursor: { type: ["string", "null"], description: "Pass as `cursor` for the next page; null on the last" },
      prevCursor: {
        type: ["string", "null"],
        description: "Pass as `cursor` for the previous page; null on the first",
      },
      from: { type: "integer", description: "1-based position of the first proposal of this page (0 when empty)" },
      to: { type: "integer", description: "Position of the last proposal of this page" },
      pageSize: { type: "integer" },
      pageCount: { type: "integer" },
      total: { type: "integer" },
      proposals: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string" },
            title: { type: "string" },
            status,
            plan: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } },
            theme: nullableString,
            territory,
            author: { type: "string", description: '"participante eliminado" once the account is deleted' },
            organization: {
              type: ["object", "null"],
              properties: { name: { type: "string" }, slug: { type: "string" }, sector },
            },
            authorSector: nullableSector,
            votes: { type: "integer", description: "Supports (apoyos)" },
            endorsements: { type: "integer" },
            comments: { type: "integer" },
            createdAt: { type: "string", format: "date-time" },
            url: { type: "string" },
          },
        },
      },
    },
  },
  Proposal: {
    type: "object",
    required: ["id", "title", "body", "status", "plan", "votes", "endorsements", "comments"],
    properties: {
      id: { type: "string" },
      title: { type: "string" },
      body: { type: "string", description: "Plain text" },
      status,
      plan: {
        type: "object",
        properties: { id: { type: "string" }, name: { type: "string" }, participationOpen: { type: "boolean" } },
      },
      theme: nullableString,
      territory,
      author: { type: "string", description: '"participante eliminado" once the account is deleted' },
      organization: { type: ["object", "null"], properties: { name: { type: "string" }, sector } },
      authorSector: nullableSector,
      createdAt: { type: "string", format: "date-time" },
      votes: {
        type: "object",
        description: "Supports: how many, never who",
        properties: {
          total: { type: "integer" },
          bySector: {
            type: "object",
            description: "Keyed by sector; NONE counts people without a sector",
            additionalProperties: { type: "integer" },
          },
        },
      },
      endorsements: {
        type: "array",
        items: {
          type: "object",
          properties: {
            name: { type: "string" },
            organization: nullableString,
            sector: nullableSector,
            createdAt: { type: "string", format: "date-time" },
          },
        },
      },
      comments: { type: "integer" },
      response: {
        type: ["object", "null"],
        properties: {
          status,
          reason: { type: "string" },
          respondedAt: nullableDate,
          respondedBy: nullableString,
        },
      },
      commitment: {
        type: ["object", "null"],
        properties: {
          id: { type: "string" },
          number: { type: "integer" },
          title: nullableString,
          url: { type: "string" },
        },
      },
      url: { type: "string" },
    },
  },
};
