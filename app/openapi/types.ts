/** OpenAPI path items by path template, e.g. "/api/v1/plans/{planId}". */
export type OpenApiPaths = Record<string, Record<string, unknown>>;
/** Named JSON Schemas under components.schemas. */
export type OpenApiSchemas = Record<string, Record<string, unknown>>;

/** `{ data: <schema> }`, the shape of every successful answer. */
export function dataResponse(description: string, schema: Record<string, unknown>) {
  return {
    description,
    content: {
      "application/json": { schema: { type: "object", required: ["data"], properties: { data: schema } } },
    },
  };
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const pathParam = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string" },
});
