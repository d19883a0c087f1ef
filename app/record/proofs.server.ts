import type { LedgerEntry } from "~/generated/prisma/client.ts";
import { prisma, type PrismaClient } from "~/utils/db.server.ts";
import { checkpointNote, ledgerSigner, publishedKeys, signCheckpoint } from "./checkpoints.server.ts";
import { consistencyProofRanges, entryLeafHash, inclusionProofRanges, proofHashes, toBase64 } from "./merkle.ts";
import { encodeVerifier } from "./note.ts";
import { nodesForRanges } from "./tree.server.ts";

/**
 * Proofs over the record's signed checkpoints (docs/decisions/021): that an entry is in the tree a
 * checkpoint signs (inclusion), that a later checkpoint's tree extends an earlier one's
 * (consistency), and a person's receipt for their own act. Hashes are base64, as in checkpoints.
 */

export class ProofError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** An entry as published (the API's and the open data's shape). */
export function publicEntry(entry: LedgerEntry) {
  return { ...entry, at: entry.at.toISOString() };
}

async function checkpointOrLatest(size: number | null, db: PrismaClient) {
  const row =
    size === null
      ? await db.ledgerCheckpoint.findFirst({ orderBy: { size: "desc" } })
      : await db.ledgerCheckpoint.findUnique({ where: { size } });
  if (!row)
    throw new ProofError(404, size === null ? "No checkpoint has been signed yet" : `No checkpoint of size ${size}`);
  return row;
}

/** The inclusion proof of entry `seq` in the tree of a checkpoint (the latest one by default). */
export async function inclusionProof(seq: number, checkpointSize: number | null, db: PrismaClient = prisma()) {
  const checkpoint = await checkpointOrLatest(checkpointSize, db);
  const entry = await db.ledgerEntry.findUnique({ where: { seq } });
  if (!entry) throw new ProofError(404, `The record has no entry ${seq}`);
  if (seq > checkpoint.size) {
    throw new ProofError(404, `Entry ${seq} came after checkpoint ${checkpoint.size}; ask for a later checkpoint`);
  }
  const ranges = inclusionProofRanges(seq - 1, checkpoint.size);
  const proof = proofHashes(ranges, await nodesForRanges(ranges, db));
  return {
    seq,
    leafIndex: seq - 1,
    treeSize: checkpoint.size,
    leafHash: toBase64(entryLeafHash(entry.hash)),
    proof: proof.map(toBase64),
    entry: publicEntry(entry),
    checkpoint: (await checkpointNote(checkpoint.size, db))!,
  };
}

export type InclusionProof = Awaited<ReturnType<typeof inclusionProof>>;

/** The consistency proof from the checkpoint of size `from` to that of size `to`. */
export async function consistencyProof(from: number, to: number, db: PrismaClient = prisma()) {
  if (from > to) throw new ProofError(400, "`from` must not be greater than `to`");
  const [older, newer] = await Promise.all([checkpointOrLatest(from, db), checkpointOrLatest(to, db)]);
  const ranges = consistencyProofRanges(older.size, newer.size);
  const proof = proofHashes(ranges, await nodesForRanges(ranges, db));
  return {
    from: older.size,
    to: newer.size,
    proof: proof.map(toBase64),
    fromCheckpoint: (await checkpointNote(older.size, db))!,
    toCheckpoint: (await checkpointNote(newer.size, db))!,
  };
}

/**
 * A receipt for an entry: the entry, its inclusion proof and the signed checkpoint it is proved
 * against, with the key to check the signature. When no checkpoint covers the entry yet (it is
 * newer than the last interval), one is signed now.
 */
export async function receipt(seq: number, db: PrismaClient = prisma()) {
  let latest = await db.ledgerCheckpoint.findFirst({ orderBy: { size: "desc" }, select: { size: true } });
  if (!latest || latest.size < seq) latest = (await signCheckpoint(ledgerSigner(), db)).checkpoint;
  const proof = await inclusionProof(seq, latest.size, db);
  const keys = publishedKeys();
  return {
    format: "minka-ledger-receipt/v1",
    about:
      "This entry of Minka's public record is leaf `leafIndex` of the Merkle tree (RFC 6962) whose size and root the signed checkpoint states; `proof` is its inclusion proof. Check it with `npm run ledger:audit -- --receipt <this file>` or any RFC 9162 verifier, and the checkpoint's signature with `verifierKey`, also published at /.well-known/minka-ledger-keys.",
    verifierKey: encodeVerifier(ledgerSigner()),
    origin: keys.origin,
    ...proof,
  };
}

export type Receipt = Awaited<ReturnType<typeof receipt>>;
