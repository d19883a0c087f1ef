import type { LoaderFunctionArgs } from "@remix-run/node";
import { DATA_LICENSE, datasetCsv, datasetJson, findDataset } from "~/monitoring/open-data.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

/** GET /datos/<dataset>.csv and /datos/<dataset>.json: open data downloads (CC BY 4.0). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const match = /^([a-z-]{1,40})\.(csv|json)$/.exec(params.file ?? "");
  const dataset = match ? findDataset(match[1]!) : undefined;
  if (!match || !dataset) throw textResponse(request, 404, "responses.datasetNotFound");
  const headers = {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=60",
    "Content-Disposition": `attachment; filename="minka-${dataset.id}.${match[2]}"`,
    "X-Content-Type-Options": "nosniff",
    Link: `<${DATA_LICENSE.url}>; rel="license"`,
  };
  if (match[2] === "csv") {
    return new Response(await datasetCsv(dataset), {
      headers: { ...headers, "Content-Type": "text/csv; charset=utf-8; header=present" },
    });
  }
  return new Response(JSON.stringify(await datasetJson(dataset)), {
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
  });
}
