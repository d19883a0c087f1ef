import { createHash } from "node:crypto";
import { canonicalJson } from "../utils/canonical-json.ts";

/**
 * The public record's entry hash, as a pure function: the server (ledger.server.ts), the
 * standalone audit and witnesses compute it the same way.
 */

/** The hash that precedes the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** An entry's fields as hashed; `at` as a Date or its ISO string (as exported). */
export type HashedFields = {
  seq: number;
  at: Date | string;
  kind: string;
  subjectType: string;
  subjectId: string;
  actorId: string | null;
  pseudonym: string | null;
  sector: string | null;
  orgId: string | null;
  commitmentId: string | null;
  data: string;
  prevHash: string;
};

/** The SHA-256 (hex) an entry must carry, computed from its content and the previous hash. */
export function entryHash(entry: HashedFields): string {
  const body = canonicalJson({
    seq: entry.seq,
    at: typeof entry.at === "string" ? entry.at : entry.at.toISOString(),
    kind: entry.kind,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    actorId: entry.actorId,
    pseudonym: entry.pseudonym,
    sector: entry.sector,
    orgId: entry.orgId,
    commitmentId: entry.commitmentId,
    data: entry.data,
    prevHash: entry.prevHash,
  });
  return createHash("sha256").update(body, "utf8").digest("hex");
}
