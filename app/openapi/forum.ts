import { dataResponse, pathParam, ref, type OpenApiPaths, type OpenApiSchemas } from "./types.ts";

// Foro Multiactor: composition, rules, standards, sessions with their motions, agreements and minutes.

const sector = { enum: ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"] };
const date = { type: "string", format: "date-time" };
const nullableDate = { type: ["string", "null"], format: "date-time" };
const nullableString = { type: ["string", "null"] };
const bySector = (items: Record<string, unknown>) => ({
  type: "object",
  description: "Keyed by sector (CIVIL_SOCIETY, PUBLIC_SECTOR, PRIVATE_SECTOR, ACADEMIA)",
  additionalProperties: items,
});

export const forumPaths: OpenApiPaths = {
  "/api/v1/forum": {
    get: {
      operationId: "getForum",
      summary: "The forum's members by sector and region, its rules with the quorum rule, and the OGP standards",
      tags: ["forum"],
      responses: { "200": dataResponse("The forum", ref("Forum")) },
    },
  },
  "/api/v1/forum/sessions": {
    get: {
      operationId: "listForumSessions",
      summary: "Every forum session, newest first",
      tags: ["forum"],
      responses: { "200": dataResponse("The sessions", { type: "array", items: ref("ForumSessionSummary") }) },
    },
  },
  "/api/v1/forum/sessions/{sessionId}": {
    get: {
      operationId: "getForumSession",
      summary: "A session: agenda, attendance by sector, quorum, motions with results by sector, agreements, minutes",
      tags: ["forum"],
      parameters: [pathParam("sessionId", "The session's id")],
      responses: {
        "200": dataResponse("The session", ref("ForumSession")),
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
};

const member = {
  type: "object",
  properties: {
    id: { type: "string" },
    name: nullableString,
    sector,
    role: { type: "string", examples: ["chair", "secretary", "member", "alternate"] },
    organization: {
      type: "object",
      properties: { name: { type: "string" }, acronym: nullableString, slug: { type: "string" } },
    },
    region: nullableString,
    termStart: nullableDate,
    termEnd: nullableDate,
  },
};

const sessionStatus = { enum: ["SCHEDULED", "IN_PROGRESS", "HELD", "CANCELLED"] };
const minutesStatus = { enum: ["DRAFT", "CIRCULATED", "APPROVED"] };

export const forumSchemas: OpenApiSchemas = {
  Forum: {
    type: "object",
    required: ["membersBySector", "membersByRegion", "rules", "standards"],
    properties: {
      membersBySector: bySector({ type: "array", items: member }),
      membersByRegion: {
        type: "array",
        items: {
          type: "object",
          properties: {
            region: { type: "string" },
            count: { type: "integer" },
            bySector: bySector({ type: "integer" }),
          },
        },
      },
      rules: {
        type: "object",
        properties: {
          text: { type: "string" },
          publishedAt: nullableDate,
          quorum: {
            type: "object",
            properties: {
              majority: { type: "boolean", description: "A majority of the voting members must attend" },
              eachSector: { type: "boolean", description: "At least one member of each sector must attend" },
            },
          },
        },
      },
      standards: {
        type: "object",
        properties: {
          metInLastSixMonths: { type: "boolean" },
          sessionsHeld: { type: "integer" },
          minutesPublished: { type: "integer" },
          allMinutesPublished: { type: "boolean" },
          rulesPublished: { type: "boolean" },
          agreementsDue: { type: "integer" },
          agreementsDoneOnTime: { type: "integer" },
          allAgreementsOnTime: { type: "boolean" },
        },
      },
      url: { type: "string" },
    },
  },
  ForumSessionSummary: {
    type: "object",
    required: ["id", "title", "scheduledAt", "status"],
    properties: {
      id: { type: "string" },
      number: { type: ["integer", "null"] },
      title: { type: "string" },
      scheduledAt: date,
      location: nullableString,
      status: sessionStatus,
      isDemo: { type: "boolean" },
      quorumReached: { type: ["boolean", "null"] },
      minutesStatus,
      minutesHash: nullableString,
      minutesSha256: { type: ["string", "null"], description: "SHA-256 (hex) of the approved minutes' Markdown" },
      agendaItems: { type: "integer" },
      motions: { type: "integer" },
      agreements: { type: "integer" },
      url: { type: "string" },
      api: { type: "string" },
    },
  },
  ForumSession: {
    type: "object",
    required: ["id", "title", "scheduledAt", "status", "agenda", "attendance", "quorum", "motions", "agreements"],
    properties: {
      id: { type: "string" },
      number: { type: ["integer", "null"] },
      title: { type: "string" },
      scheduledAt: date,
      location: nullableString,
      status: sessionStatus,
      startedAt: nullableDate,
      endedAt: nullableDate,
      isDemo: { type: "boolean" },
      agenda: {
        type: "array",
        items: {
          type: "object",
          properties: {
            position: { type: "integer" },
            title: { type: "string" },
            kind: { type: "string", examples: ["commitment", "proposal", "progress", "agreement", "other"] },
            targetId: nullableString,
            targetTitle: nullableString,
          },
        },
      },
      attendance: {
        type: "object",
        properties: {
          bySector: bySector({
            type: "array",
            items: {
              type: "object",
              properties: {
                name: nullableString,
                organization: nullableString,
                role: { type: "string" },
                rsvp: { enum: ["YES", "NO", null] },
                status: { enum: ["PRESENT", "REMOTE", "EXCUSED", "ABSENT", null] },
              },
            },
          }),
        },
      },
      quorum: {
        type: "object",
        properties: {
          reached: { type: ["boolean", "null"] },
          attending: { type: "integer" },
          members: { type: "integer" },
          required: { type: "integer" },
          missingSectors: { type: "array", items: sector },
          rule: {
            type: "object",
            properties: { majority: { type: "boolean" }, eachSector: { type: "boolean" } },
          },
        },
      },
      motions: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string" },
            text: { type: "string" },
            status: { enum: ["OPEN", "PASSED", "REJECTED"] },
            commitmentId: nullableString,
            result: {
              type: "object",
              properties: {
                for: { type: "integer" },
                against: { type: "integer" },
                abstain: { type: "integer" },
                bySector: bySector({
                  type: "object",
                  properties: {
                    FOR: { type: "integer" },
                    AGAINST: { type: "integer" },
                    ABSTAIN: { type: "integer" },
                  },
                }),
              },
            },
            openedAt: nullableDate,
            closedAt: nullableDate,
          },
        },
      },
      agreements: {
        type: "array",
        items: {
          type: "object",
          properties: {
            id: { type: "string" },
            text: { type: "string" },
            responsible: nullableString,
            dueDate: date,
            status: { enum: ["PENDING", "IN_PROGRESS", "DONE"] },
            evidence: nullableString,
            overdue: { type: "boolean" },
            commitmentId: nullableString,
            doneAt: nullableDate,
          },
        },
      },
      minutes: {
        type: "object",
        properties: {
          status: minutesStatus,
          sha256: nullableString,
          approvedAt: nullableDate,
          markdownUrl: { type: "string", description: "The approved minutes as Markdown, exactly the hashed text" },
        },
      },
      url: { type: "string" },
    },
  },
};
