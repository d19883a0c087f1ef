import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document.ts";

/** The URL path template of a Remix flat-route file name, e.g. api.v1.plans.$planId.ts → /api/v1/plans/{planId}. */
function routePath(file: string): string {
  const name = file.replace(/\.tsx?$/, "").replace(/\[\.\]/g, "~dot~");
  const segments = name
    .split(".")
    .map((s) => s.replace(/~dot~/g, ".").replace(/_$/, ""))
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => (s.startsWith("$") ? `{${s.slice(1)}}` : s));
  return `/${segments.join("/")}`;
}

describe("the OpenAPI document", () => {
  const document = openApiDocument("http://localhost:3000");
  const routes = readdirSync(path.resolve("app/routes")).filter(
    (f) => /^api\.v1\..*\.tsx?$/.test(f) && !f.includes(".test."),
  );

  it("is OpenAPI 3.1 with a licence and a server", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.license.identifier).toBe("CC-BY-4.0");
    expect(document.servers[0]!.url).toBe("http://localhost:3000");
  });

  it("derives path templates from route file names", () => {
    expect(routePath("api.v1.plans.$planId.progress.ts")).toBe("/api/v1/plans/{planId}/progress");
    expect(routePath("api.v1.openapi[.]json.ts")).toBe("/api/v1/openapi.json");
  });

  it("describes every api.v1 route file, with a GET operation and its path parameters", () => {
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const file of routes) {
      const template = routePath(file);
      const item = document.paths[template] as
        Record<string, { parameters?: { name: string; in: string }[] }> | undefined;
      expect(item, `${file} (${template}) is not described in app/openapi`).toBeDefined();
      const operation = item!.get ?? item!.post;
      expect(operation, `${template} has no operation`).toBeDefined();
      for (const [, param] of template.matchAll(/\{(\w+)\}/g)) {
        expect(
          operation!.parameters?.some((p) => p.in === "path" && p.name === param),
          `${template} does not describe its path parameter ${param}`,
        ).toBe(true);
      }
    }
  });

  it("describes no route that does not exist, and every $ref resolves", () => {
    const templates = new Set(routes.map(routePath));
    for (const described of Object.keys(document.paths)) expect(templates.has(described), described).toBe(true);
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/(schemas|responses)\/(\w+)"/g)];
    for (const [, kind, name] of refs) {
      expect(
        (document.components as Record<string, Record<string, unknown>>)[kind!]![name!],
        `${kind}/${name}`,
      ).toBeDefined();
    }
  });
});
