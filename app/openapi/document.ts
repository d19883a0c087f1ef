import { corePaths, coreSchemas } from "./core.ts";
import { forumPaths, forumSchemas } from "./forum.ts";
import { monitoringPaths, monitoringSchemas } from "./monitoring.ts";
import { proposalPaths, proposalSchemas } from "./proposals.ts";
import type { OpenApiPaths, OpenApiSchemas } from "./types.ts";
import { workspacePaths, workspaceSchemas } from "./workspace.ts";

// The OpenAPI 3.1 document served at /api/v1/openapi.json. Each area describes its own /api/v1
// routes in a module beside this one and adds it here with one line in each list; a test checks
// that every app/routes/api.v1.* file is described. Two modules may describe different methods of
// one path (the reads in core.ts, the workspace's writes in workspace.ts): their operations merge.

const PATHS: OpenApiPaths[] = [corePaths, monitoringPaths, forumPaths, proposalPaths, workspacePaths];
const SCHEMAS: OpenApiSchemas[] = [coreSchemas, monitoringSchemas, forumSchemas, proposalSchemas, workspaceSchemas];

/** Every module's paths, the operations of a path described by several modules merged. */
function mergePaths(modules: OpenApiPaths[]): OpenApiPaths {
  const merged: OpenApiPaths = {};
  for (const paths of modules) {
    for (const [template, item] of Object.entries(paths)) merged[template] = { ...merged[template], ...item };
  }
  return merged;
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

/** The OpenAPI document of the public API. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Minka public API",
      version: "1.0.0",
      description:
        "Open data of Peru's open-government action plans: plans, commitments, progress and the public record, read without authentication (CORS open); every read answers `{ data }`. The secretariat's workspace writes (tag `workspace`) take the session cookie of an administrator and the site's own `Origin`, like every form; they answer `201 { id }` when they create something, `200 { id, ... }` for a change and `204` for a removal. Errors are `{ error: { status, message, field? } }`, with `field` naming the part of a JSON body in error; a malformed body answers 400 and changes nothing.",
      license: { name: "CC BY 4.0 (data)", identifier: "CC-BY-4.0" },
    },
    servers: [{ url: serverUrl }],
    paths: mergePaths(PATHS),
    components: {
      schemas: Object.assign({}, ...SCHEMAS) as OpenApiSchemas,
      responses: {
        NotFound: errorResponse("Not found"),
        BadRequest: errorResponse("Invalid parameter or body (`field` names the part in error)"),
        Unauthorized: errorResponse("Not logged in: no valid session cookie"),
        Forbidden: errorResponse("Not allowed: only the secretariat (an administrator) may do this"),
      },
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "minka_session",
          description:
            "The session cookie set by logging in at /ingresar. Writes must also come from the site's own Origin.",
        },
      },
    },
  };
}
