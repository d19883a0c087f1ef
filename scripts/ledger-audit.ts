// `npm run ledger:audit -- --checkpoint <file> [--since <older checkpoint>]... [--url <minka> | --export <file>]
//   [--key <verifier key>] [--witness <verifier key>]... [--witnesses <n>] [--receipt <file>]...`
//
// Audits Minka's public record without trusting the server (docs/decisions/021): reads the public
// export of the entries (a file: /datos/registro.json or the API's entries; or the paged API at
// --url), recomputes the hash chain and the Merkle tree, checks the checkpoints' signatures with
// the log's key (--key, else the one published at --url, which you should compare with one you
// got elsewhere), checks that the tree agrees with every checkpoint (the one given and the older
// ones you kept), and names the first entry that differs. Exit 0 when all agree, 1 otherwise,
// 2 on a usage error. Standalone: it imports only the pure record modules, no database.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { auditRecord, type ExportedEntry, type ReceiptLike } from "../app/record/audit.ts";
import { decodeVerifier, type Verifier } from "../app/record/note.ts";

function usage(message: string): never {
  console.error(
    `${message}\n` +
      "Usage: npm run ledger:audit -- --checkpoint <file> [--since <older checkpoint>] [--url <minka> | --export <file>] [--key <verifier key>]",
  );
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      checkpoint: { type: "string" },
      since: { type: "string", multiple: true, default: [] },
      url: { type: "string" },
      export: { type: "string" },
      key: { type: "string" },
      witness: { type: "string", multiple: true, default: [] },
      witnesses: { type: "string", default: "0" },
      receipt: { type: "string", multiple: true, default: [] },
    },
  });
} catch (error) {
  usage((error as Error).message);
}
const options = parsed.values;
if (!options.checkpoint && !options.url)
  usage("Give --checkpoint <file> (or --url to audit against the latest checkpoint).");
if (!options.url && !options.export) usage("Give --export <file> or --url <minka>.");
if (!/^\d+$/.test(options.witnesses)) usage("--witnesses is a number");
const base = options.url?.replace(/\/+$/, "");

async function get(path: string): Promise<Response> {
  const response = await fetch(`${base}${path}`);
  if (!response.ok) throw new Error(`GET ${base}${path}: ${response.status}`);
  return response;
}

/** An entry from the open data (snake_case columns) or the API (the stored field names). */
function toEntry(row: Record<string, unknown>): ExportedEntry {
  const pick = (camel: string, snake: string) => (row[camel] ?? row[snake] ?? null) as string | null;
  return {
    seq: Number(row.seq),
    at: String(row.at),
    kind: String(row.kind),
    subjectType: String(pick("subjectType", "subject_type")),
    subjectId: String(pick("subjectId", "subject_id")),
    actorId: pick("actorId", "actor_id"),
    pseudonym: pick("pseudonym", "pseudonym"),
    sector: pick("sector", "sector"),
    orgId: pick("orgId", "org_id"),
    commitmentId: pick("commitmentId", "commitment_id"),
    data: String(row.data),
    prevHash: String(pick("prevHash", "prev_hash")),
    hash: String(row.hash),
  };
}

async function loadEntries(): Promise<ExportedEntry[]> {
  if (options.export) {
    const parsedFile = JSON.parse(readFileSync(options.export, "utf8")) as unknown;
    const rows = Array.isArray(parsedFile) ? parsedFile : (parsedFile as { data?: unknown }).data;
    if (!Array.isArray(rows)) throw new Error(`${options.export} holds no list of entries`);
    return rows.map((row) => toEntry(row as Record<string, unknown>));
  }
  const entries: ExportedEntry[] = [];
  let next: string | null = "/api/v1/ledger?after=0&limit=500";
  while (next) {
    const page = (await (await get(next)).json()) as { data: Record<string, unknown>[]; next: string | null };
    entries.push(...page.data.map(toEntry));
    next = page.next;
  }
  return entries;
}

async function loadKey(): Promise<Verifier> {
  if (options.key) return decodeVerifier(options.key);
  if (!base) usage("Give the log's key with --key <verifier key> (see the README or /.well-known/minka-ledger-keys).");
  const keys = (await (await get("/.well-known/minka-ledger-keys")).json()) as { log: { verifierKey: string } };
  console.warn(
    `Using the key the server publishes (${keys.log.verifierKey}); compare it with one you got elsewhere, or pass --key.`,
  );
  return decodeVerifier(keys.log.verifierKey);
}

try {
  const [entries, logKey] = await Promise.all([loadEntries(), loadKey()]);
  const current = options.checkpoint
    ? { label: options.checkpoint, note: readFileSync(options.checkpoint, "utf8") }
    : await (async () => {
        const list = (await (await get("/api/v1/ledger/checkpoints?limit=1")).json()) as {
          latest: { size: number; note: string } | null;
        };
        if (!list.latest) throw new Error("the server has signed no checkpoint yet");
        return { label: `the latest checkpoint (${list.latest.size})`, note: list.latest.note };
      })();
  const result = auditRecord({
    entries,
    checkpoints: [
      current,
      ...options.since.map((file) => ({ label: file, note: readFileSync(file, "utf8"), kept: true })),
    ],
    logKey,
    witnesses: options.witness.map(decodeVerifier),
    requiredWitnesses: Number(options.witnesses),
    receipts: options.receipt.map((file) => ({
      label: file,
      receipt: JSON.parse(readFileSync(file, "utf8")) as ReceiptLike,
    })),
  });
  if (result.ok) {
    const sizes = result.checkpoints.map(
      (c) => `${c.label}: ${c.size}${c.cosignedBy.length ? ` (cosigned by ${c.cosignedBy.join(", ")})` : ""}`,
    );
    console.log(
      `Public record audited: ${result.count} entries; every checkpoint agrees with them (${sizes.join("; ")}).`,
    );
    process.exit(0);
  }
  const first = result.firstDifference;
  console.error(`Public record DIFFERS${first.seq === null ? "" : ` from entry #${first.seq}`}: ${first.reason}`);
  for (const problem of result.problems.filter((p) => p !== first)) console.error(`  also: ${problem.reason}`);
  process.exit(1);
} catch (error) {
  console.error(`The audit could not run: ${(error as Error).message}`);
  process.exit(2);
}
