import { json } from "@remix-run/node";
import { publishedKeys } from "~/record/checkpoints.server.ts";

/**
 * GET /.well-known/minka-ledger-keys: the key that signs the public record's checkpoints (its name,
 * which is the checkpoints' origin, its key id and its signed-note verifier key) and the witnesses
 * whose cosignatures Minka publishes.
 */
export function loader() {
  return json(publishedKeys(), {
    headers: { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300" },
  });
}
