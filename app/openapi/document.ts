import { corePaths, coreSchemas } from "./core.ts";
import { forumPaths, forumSchemas } from "./forum.ts";
import { ledgerPaths, ledgerSchemas } from "./ledger.ts";
import { monitoringPaths, monitoringSchemas } from "./monitoring.ts";
import { proposalPaths, proposalSchemas } from "./proposals.ts";
import type { OpenApiPaths, OpenApiSchemas } from "./types.ts";

// The OpenAPI 3.1 document served at /api/v1/openapi.json. Each area describes its own /api/v1
// routes in a module beside this one and adds it here with one line in each list; a test checks
// that every app/routes/api.v1.* file is described.

const PATHS: OpenApiPaths[] = [corePaths, monitoringPaths, ledgerPaths, forumPaths, proposalPaths];
const SCHEMAS: OpenApiSchemas[] = [coreSchemas, monitoringSchemas, ledgerSchemas, forumSchemas, proposalSchemas];

/** The OpenAPI document of the public API. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Minka public API",
      version: "1.0.0",
      description:
        "Open, read-only data of Peru's open-government action plans: plans, commitments, progress and the public record. No authentication; CORS open. Every answer is `{ data }` or `{ error: { status, message } }`.",
      license: { name: "CC BY 4.0 (data)", identifier: "CC-BY-4.0" },
    },
    servers: [{ url: serverUrl }],
    paths: Object.assign({}, ...PATHS) as OpenApiPaths,
    components: {
      schemas: Object.assign({}, ...SCHEMAS) as OpenApiSchemas,
      responses: {
        NotFound: {
          description: "Not found",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
        BadRequest: {
          description: "Invalid parameter",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    },
  };
}
