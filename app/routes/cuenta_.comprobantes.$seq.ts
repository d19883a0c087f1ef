import type { LoaderFunctionArgs } from "@remix-run/node";
import { receiptForPerson } from "~/record/receipts.server.ts";
import { requireUser } from "~/utils/auth.server.ts";

/**
 * GET /cuenta/comprobantes/:seq: the logged-in person's receipt for their own act in the public
 * record (a JSON file: the entry, its inclusion proof and the signed checkpoint).
 */
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  const seq = params.seq ?? "";
  if (!/^[1-9]\d{0,8}$/.test(seq)) throw new Response("No encontramos ese acto.", { status: 404 });
  const result = await receiptForPerson(user.id, Number(seq));
  if (result === "not-found") throw new Response("No encontramos ese acto.", { status: 404 });
  if (result === "forbidden") throw new Response("Ese acto no es suyo.", { status: 403 });
  return new Response(`${JSON.stringify(result, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="minka-comprobante-${seq}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
