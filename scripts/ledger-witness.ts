// `npm run ledger:witness -- --url <minka> --state <dir> [--name <name>] [--key <log verifier key>]
//   [--every <seconds>]`
//
// A witness for Minka's public record (docs/decisions/021), run by a civil-society organisation
// on its own machine. It keeps its own state in <dir>: its cosigning key (created on first run;
// give the printed verifier key to Minka's operators for LEDGER_WITNESSES), the log's key (pinned
// on first run from --key, else from /.well-known/minka-ledger-keys), and the last checkpoint it
// cosigned. Each round it fetches the latest checkpoint, checks the log's signature, and cosigns it
// only if it is consistent with the last one it cosigned (an RFC 9162 consistency proof checked
// against the roots it kept itself); then posts the cosignature back. It never cosigns a smaller
// tree or a different root for a size it saw. Exit 0 after a round that cosigned or found nothing
// new, 1 when the log is inconsistent (publish that), 2 on other errors. Pure modules only.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { fromBase64, verifyConsistency } from "../app/record/merkle.ts";
import {
  ALG_COSIGNATURE_V1,
  cosignLine,
  decodeSigner,
  decodeVerifier,
  encodeSigner,
  encodeVerifier,
  generateSigner,
  verifyCheckpoint,
  type Signer,
  type Verifier,
} from "../app/record/note.ts";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    state: { type: "string" },
    name: { type: "string" },
    key: { type: "string" },
    every: { type: "string" },
  },
});
if (!values.url || !values.state) {
  console.error("Usage: npm run ledger:witness -- --url <minka> --state <dir> [--name <name>] [--every <seconds>]");
  process.exit(2);
}
const base = values.url.replace(/\/+$/, "");
const dir = values.state;
mkdirSync(dir, { recursive: true, mode: 0o700 });
const files = {
  key: path.join(dir, "witness.key"),
  log: path.join(dir, "log.vkey"),
  last: path.join(dir, "last-checkpoint.txt"),
};

/** Writes a state file so that a crash leaves either the old or the new content. */
function writeAtomically(file: string, content: string, mode = 0o600) {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, file);
}

class Inconsistent extends Error {}

function witnessKey(): Signer {
  if (existsSync(files.key)) return decodeSigner(readFileSync(files.key, "utf8"));
  const signer = generateSigner(values.name ?? `witness.${new URL(base).host}`, ALG_COSIGNATURE_V1);
  writeAtomically(files.key, `${encodeSigner(signer)}\n`);
  console.log(`New witness key. Give Minka's operators this verifier key: ${encodeVerifier(signer)}`);
  return signer;
}

async function get(pathname: string) {
  const response = await fetch(`${base}${pathname}`);
  if (!response.ok) throw new Error(`GET ${base}${pathname}: ${response.status}`);
  return response;
}

async function logKey(): Promise<Verifier> {
  if (existsSync(files.log)) return decodeVerifier(readFileSync(files.log, "utf8"));
  const text =
    values.key ??
    ((await (await get("/.well-known/minka-ledger-keys")).json()) as { log: { verifierKey: string } }).log.verifierKey;
  const key = decodeVerifier(text);
  writeAtomically(files.log, `${text.trim()}\n`, 0o644);
  console.log(`Pinned the log's key: ${text.trim()} (compare it with the one the operators publish).`);
  return key;
}

async function round(witness: Signer, log: Verifier): Promise<void> {
  const list = (await (await get("/api/v1/ledger/checkpoints?limit=1")).json()) as {
    latest: { size: number; note: string } | null;
  };
  if (!list.latest) return console.log("No checkpoint yet.");
  // Only the log's own signature counts here; other lines (cosignatures) are left out.
  const checked = verifyCheckpoint(list.latest.note, log);
  const body = checked.text;
  if (existsSync(files.last)) {
    const last = verifyCheckpoint(readFileSync(files.last, "utf8"), log);
    if (checked.size < last.size) throw new Inconsistent(`the log shrank from ${last.size} to ${checked.size} entries`);
    if (checked.size === last.size) {
      if (Buffer.compare(checked.rootHash, last.rootHash) !== 0) {
        throw new Inconsistent(`two different roots were signed for ${checked.size} entries`);
      }
      return console.log(`Checkpoint ${checked.size} already cosigned.`);
    }
    const proof = (await (await get(`/api/v1/ledger/consistency?from=${last.size}&to=${checked.size}`)).json()) as {
      data: { proof: string[] };
    };
    const ok = verifyConsistency(
      last.size,
      checked.size,
      last.rootHash,
      checked.rootHash,
      proof.data.proof.map(fromBase64),
    );
    if (!ok) throw new Inconsistent(`checkpoint ${checked.size} is not consistent with ${last.size}, cosigned before`);
  }
  const line = cosignLine(body, witness, Math.floor(Date.now() / 1000));
  // Remember it before posting: a cosignature once made binds the witness to this tree.
  writeAtomically(files.last, `${list.latest.note}${line}`);
  const response = await fetch(`${base}/api/v1/ledger/checkpoints/${checked.size}/cosignatures`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: new URL(base).origin },
    body: JSON.stringify({ line }),
  });
  if (!response.ok) {
    throw new Error(
      `Minka did not take the cosignature of ${checked.size}: ${response.status} ${await response.text()}`,
    );
  }
  console.log(`Cosigned checkpoint ${checked.size}.`);
}

try {
  const witness = witnessKey();
  const log = await logKey();
  await round(witness, log);
  if (values.every) {
    const seconds = Number(values.every);
    if (!Number.isFinite(seconds) || seconds < 5) throw new Error("--every is at least 5 seconds");
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      await round(witness, log).catch((error: unknown) => {
        if (error instanceof Inconsistent) throw error;
        console.error((error as Error).message);
      });
    }
  }
} catch (error) {
  if (error instanceof Inconsistent) {
    console.error(`THE LOG IS INCONSISTENT: ${error.message}. Not cosigned; keep ${files.last} as evidence.`);
    process.exit(1);
  }
  console.error(`The witness could not run: ${(error as Error).message}`);
  process.exit(2);
}
