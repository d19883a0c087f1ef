import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { checkExportLink, collectPersonalData, toCsv } from "~/accounts/personal-data/export.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

// The download behind a "Mis datos" link: only for the logged-in person whose link it is, only
// while it lives (15 minutes). Always that person's own data: no parameter names anyone else.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const format = url.searchParams.get("formato") === "csv" ? "csv" : "json";
  const check = await checkExportLink(token, user.id);
  if (check === "expired") return redirect("/cuenta/mis-datos?enlace=caducado");
  if (check === "refused") {
    throw textResponse(request, 403, "responses.downloadNotYours");
  }
  const data = await collectPersonalData(user.id);
  const stamp = data.generatedAt.slice(0, 10);
  const headers = {
    "Cache-Control": "no-store",
    "Content-Disposition": `attachment; filename="minka-mis-datos-${stamp}.${format}"`,
  };
  if (format === "csv") {
    return new Response(`\uFEFF${toCsv(data)}`, { headers: { ...headers, "Content-Type": "text/csv; charset=utf-8" } });
  }
  return new Response(JSON.stringify(data, null, 2), {
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
  });
}
