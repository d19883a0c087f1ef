// `npm run ledger:keygen -- [--name <name>] [--witness]`: a new Ed25519 signed-note key. Prints the
// private key (for LEDGER_SIGNING_KEY, or a witness's key file; keep it secret) and the verifier
// key to publish. The log's name is its checkpoints' origin, e.g. minka.example.pe/ledger.
import { parseArgs } from "node:util";
import { ALG_COSIGNATURE_V1, ALG_ED25519, encodeSigner, encodeVerifier, generateSigner } from "../app/record/note.ts";

const { values } = parseArgs({ options: { name: { type: "string" }, witness: { type: "boolean", default: false } } });
const name = values.name ?? (values.witness ? "witness.example.org/minka" : "minka.localhost/ledger");
try {
  const signer = generateSigner(name, values.witness ? ALG_COSIGNATURE_V1 : ALG_ED25519);
  console.log(`private key (secret):  ${encodeSigner(signer)}`);
  console.log(`verifier key (public): ${encodeVerifier(signer)}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
