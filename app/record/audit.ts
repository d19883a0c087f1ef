import { entryHash, GENESIS_HASH, type HashedFields } from "./entry.ts";
import {
  entryLeafHash,
  equalHashes,
  fromBase64,
  hashChildren,
  emptyRoot,
  verifyInclusion,
  type Hash,
} from "./merkle.ts";
import { verifyCheckpoint, type VerifiedCheckpoint, type Verifier } from "./note.ts";

/**
 * The audit of the public record, as a pure function (docs/decisions/021): from the public export
 * of the entries and signed checkpoints someone kept, with the log's public key, it recomputes the
 * chain and the Merkle tree and checks every checkpoint against them. It trusts nothing the server
 * says but the signed checkpoints (and those only with the key given). `npm run ledger:audit` and
 * its tests run it; it imports only the pure modules.
 */

export type ExportedEntry = Omit<HashedFields, "at"> & { at: string; hash: string };

export type AuditInput = {
  entries: readonly ExportedEntry[];
  /**
   * Signed checkpoints (notes): the one downloaded now, and older ones someone `kept` (outside
   * the server's reach). Only kept ones locate a change: the server's own may have been re-signed.
   */
  checkpoints: readonly { label: string; note: string; kept?: boolean }[];
  logKey: Verifier;
  witnesses?: readonly Verifier[];
  /** Witnesses that must have cosigned each checkpoint (default 0). */
  requiredWitnesses?: number;
  /** Receipts people kept: their entry must be in the export unchanged. */
  receipts?: readonly { label: string; receipt: ReceiptLike }[];
};

export type ReceiptLike = {
  leafIndex: number;
  treeSize: number;
  proof: string[];
  entry: ExportedEntry;
  checkpoint: string;
};

export type AuditFinding = { seq: number | null; reason: string };

export type AuditResult =
  | { ok: true; count: number; checkpoints: { label: string; size: number; cosignedBy: string[] }[] }
  | { ok: false; count: number; firstDifference: AuditFinding; problems: AuditFinding[] };

/** A running RFC 6962 tree over appended leaves: the right edge only, so memory stays O(log n). */
class Frontier {
  private readonly stack: { size: number; hash: Hash }[] = [];
  size = 0;
  push(leaf: Hash) {
    let node = { size: 1, hash: leaf };
    while (this.stack.length > 0 && this.stack.at(-1)!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: hashChildren(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size += 1;
  }
  root(): Hash {
    if (this.stack.length === 0) return emptyRoot();
    let hash = this.stack.at(-1)!.hash;
    for (let i = this.stack.length - 2; i >= 0; i -= 1) hash = hashChildren(this.stack[i]!.hash, hash);
    return hash;
  }
}

function sameEntry(a: ExportedEntry, b: ExportedEntry): boolean {
  const fields = [
    "seq",
    "at",
    "kind",
    "subjectType",
    "subjectId",
    "actorId",
    "pseudonym",
    "sector",
    "orgId",
    "commitmentId",
    "data",
    "prevHash",
    "hash",
  ] as const;
  return fields.every((f) => (a[f] ?? null) === (b[f] ?? null));
}

export function auditRecord(input: AuditInput): AuditResult {
  const problems: AuditFinding[] = [];
  const witnesses = [...(input.witnesses ?? [])];
  const required = input.requiredWitnesses ?? 0;

  // 1. The checkpoints: signed by the log key (and enough witnesses), then sorted by size.
  const verified: (VerifiedCheckpoint & { label: string; kept: boolean })[] = [];
  for (const { label, note, kept = false } of input.checkpoints) {
    try {
      const checkpoint = verifyCheckpoint(note, input.logKey, witnesses);
      if (checkpoint.cosignedBy.length < required) {
        problems.push({
          seq: null,
          reason: `${label}: cosigned by ${checkpoint.cosignedBy.length} of the ${required} witnesses required`,
        });
      }
      verified.push({ ...checkpoint, label, kept });
    } catch (error) {
      problems.push({ seq: null, reason: `${label}: ${(error as Error).message}` });
    }
  }
  verified.sort((a, b) => a.size - b.size);
  for (let i = 1; i < verified.length; i += 1) {
    const [a, b] = [verified[i - 1]!, verified[i]!];
    if (a.size === b.size && !equalHashes(a.rootHash, b.rootHash)) {
      problems.push({
        seq: null,
        reason: `${a.label} and ${b.label} are both signed for ${a.size} entries with different roots: the log forked`,
      });
    }
  }

  // 2. The chain, entry by entry, and the tree's root at every checkpoint's size.
  const frontier = new Frontier();
  let prevHash = GENESIS_HASH;
  let chainBroken: AuditFinding | null = null;
  let next = 0;
  const roots = new Map<number, Hash>([[0, emptyRoot()]]);
  const wanted = new Set(verified.map((c) => c.size));
  for (const [position, entry] of input.entries.entries()) {
    const seq = position + 1;
    if (!chainBroken) {
      const { hash, ...rest } = entry;
      if (entry.seq !== seq) {
        chainBroken = {
          seq,
          reason: `entry #${seq} is missing or out of place (found #${entry.seq} at position ${seq})`,
        };
      } else if (entry.prevHash !== prevHash) {
        chainBroken = { seq, reason: `entry #${seq}'s previous hash does not match entry #${seq - 1}` };
      } else if (entryHash(rest) !== hash) {
        chainBroken = { seq, reason: `entry #${seq}'s content does not match its hash` };
      }
    }
    prevHash = entry.hash;
    let leaf: Hash;
    try {
      leaf = entryLeafHash(entry.hash);
    } catch {
      leaf = entryLeafHash("0".repeat(64));
      chainBroken ??= { seq, reason: `entry #${seq}'s hash is malformed` };
    }
    frontier.push(leaf);
    if (wanted.has(frontier.size)) roots.set(frontier.size, frontier.root());
    next = seq;
  }
  if (chainBroken) problems.unshift(chainBroken);

  // 3. Every checkpoint against the recomputed tree. The entries are chained, so a change at #k
  //    changes every leaf from #k on: the smallest checkpoint that disagrees bounds the change.
  const matches = (c: (typeof verified)[number]) => {
    const root = roots.get(c.size);
    return root !== undefined && equalHashes(root, c.rootHash);
  };
  const firstBad = verified.find((c) => !matches(c)) ?? null;
  const lastGood = Math.max(
    0,
    ...verified.filter((c) => c.kept && matches(c) && (!firstBad || c.size < firstBad.size)).map((c) => c.size),
  );
  for (const checkpoint of verified) {
    if (!roots.has(checkpoint.size)) {
      problems.push({
        seq: chainBroken?.seq ?? lastGood + 1,
        reason:
          `${checkpoint.label} covers ${checkpoint.size} entries but the export has ${next}: entries were removed ` +
          `(the first that may differ is #${lastGood + 1}; entries up to #${lastGood} match a kept checkpoint)`,
      });
    } else if (firstBad && checkpoint.size > firstBad.size && matches(checkpoint)) {
      problems.push({
        seq: null,
        reason: `${checkpoint.label} matches the export but the older ${firstBad.label} does not: the log is inconsistent`,
      });
    }
  }
  if (firstBad && roots.has(firstBad.size)) {
    problems.push({
      seq: chainBroken?.seq ?? lastGood + 1,
      reason: chainBroken
        ? `${firstBad.label}: its root does not match the export's first ${firstBad.size} entries`
        : `${firstBad.label}: its root does not match the export's first ${firstBad.size} entries: ` +
          `an entry among #${lastGood + 1}..#${firstBad.size} was changed, removed, reordered or inserted ` +
          `and the chain re-hashed from there (entries up to #${lastGood} match a kept checkpoint)`,
    });
  }

  // 4. Receipts: each proves its entry against its own checkpoint; the export must hold it unchanged.
  for (const { label, receipt } of input.receipts ?? []) {
    try {
      const checkpoint = verifyCheckpoint(receipt.checkpoint, input.logKey, witnesses);
      const leaf = entryLeafHash(receipt.entry.hash);
      const { hash, ...rest } = receipt.entry;
      const proof = receipt.proof.map(fromBase64);
      if (entryHash(rest) !== hash) throw new Error("its entry does not match its own hash");
      if (checkpoint.size !== receipt.treeSize || receipt.leafIndex !== receipt.entry.seq - 1) {
        throw new Error("its proof is not for its entry and checkpoint");
      }
      if (!verifyInclusion(receipt.leafIndex, receipt.treeSize, leaf, proof, checkpoint.rootHash)) {
        throw new Error("its inclusion proof does not verify");
      }
      const exported = input.entries[receipt.entry.seq - 1];
      if (!exported || !sameEntry(exported, receipt.entry)) {
        problems.push({
          seq: receipt.entry.seq,
          reason: `${label}: entry #${receipt.entry.seq} was signed as the receipt shows, and the export differs`,
        });
      }
    } catch (error) {
      problems.push({ seq: null, reason: `${label}: ${(error as Error).message}` });
    }
  }

  if (problems.length > 0) {
    const located = problems.filter((p) => p.seq !== null).sort((a, b) => a.seq! - b.seq!);
    return { ok: false, count: next, firstDifference: located[0] ?? problems[0]!, problems };
  }
  return {
    ok: true,
    count: next,
    checkpoints: verified.map((c) => ({ label: c.label, size: c.size, cosignedBy: c.cosignedBy.map((w) => w.name) })),
  };
}
