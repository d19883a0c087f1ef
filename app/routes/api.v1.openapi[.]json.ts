import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "~/openapi/document.ts";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 description of every /api/v1 route. */
export function loader({ request }: LoaderFunctionArgs) {
  const origin = new URL(request.url).origin;
  return json(openApiDocument(origin), {
    headers: { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300" },
  });
}
