import { beforeEach, describe, expect, test } from "vitest";
import { services } from "~/services.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { signCheckpoint } from "./checkpoints.server.ts";
import { recordAct, votePseudonym } from "./ledger.server.ts";
import { fromBase64, verifyConsistency, verifyInclusion } from "./merkle.ts";
import { decodeVerifier, generateSigner, verifyCheckpoint } from "./note.ts";
import { consistencyProof, inclusionProof, ProofError } from "./proofs.server.ts";
import { ownProposalReceipts, receiptForPerson } from "./receipts.server.ts";

const signer = generateSigner("minka.test/ledger");

async function acts(n: number, from = 0) {
  for (let i = from; i < from + n; i += 1) {
    await recordAct({ kind: "comment.posted", subjectType: "proposal", subjectId: `p${i}`, actorId: `u${i % 3}` });
  }
}

describe("proofs over signed checkpoints", () => {
  beforeEach(async () => {
    await prisma().ledgerCheckpoint.deleteMany();
    await prisma().ledgerEntry.deleteMany();
    await prisma().ledgerTreeNode.deleteMany();
    services().caches.ledgerSigner = signer;
  });

  test("every entry's inclusion proof verifies against the checkpoint's signed root", async () => {
    await acts(21);
    await signCheckpoint(signer);
    for (let seq = 1; seq <= 21; seq += 1) {
      const proof = await inclusionProof(seq, null);
      const checkpoint = verifyCheckpoint(proof.checkpoint, signer);
      expect(checkpoint.size).toBe(21);
      const ok = verifyInclusion(
        proof.leafIndex,
        proof.treeSize,
        fromBase64(proof.leafHash),
        proof.proof.map(fromBase64),
        checkpoint.rootHash,
      );
      expect(ok).toBe(true);
    }
    await acts(2, 21);
    await expect(inclusionProof(22, 21)).rejects.toThrow(ProofError);
    await expect(inclusionProof(99, null)).rejects.toThrow(/no entry 99/);
    await expect(inclusionProof(1, 5)).rejects.toThrow(/No checkpoint of size 5/);
  });

  test("consistency proofs link every pair of checkpoints", async () => {
    const sizes: number[] = [];
    for (const n of [1, 3, 4, 9, 1]) {
      await acts(n, sizes.at(-1) ?? 0);
      sizes.push((await signCheckpoint(signer)).checkpoint.size);
    }
    for (const from of sizes) {
      for (const to of sizes.filter((s) => s >= from)) {
        const proof = await consistencyProof(from, to);
        const older = verifyCheckpoint(proof.fromCheckpoint, signer);
        const newer = verifyCheckpoint(proof.toCheckpoint, signer);
        expect(verifyConsistency(from, to, older.rootHash, newer.rootHash, proof.proof.map(fromBase64))).toBe(true);
      }
    }
    await expect(consistencyProof(18, 1)).rejects.toThrow(/greater/);
  });

  test("a person gets receipts for their own proposal and support, and nobody else's", async () => {
    await acts(3);
    const published = await recordAct({
      kind: "proposal.published",
      subjectType: "proposal",
      subjectId: "prop-1",
      actorId: "author",
    });
    const pseudonym = await votePseudonym("voter", "prop-1");
    const vote = await recordAct({ kind: "vote.cast", subjectType: "proposal", subjectId: "prop-1", pseudonym });
    expect(await ownProposalReceipts("author", "prop-1")).toEqual({ published: published.seq, vote: null });
    expect(await ownProposalReceipts("voter", "prop-1")).toEqual({ published: null, vote: vote.seq });

    // No checkpoint covers the vote yet: the receipt signs one.
    const receipt = await receiptForPerson("voter", vote.seq);
    if (typeof receipt === "string") throw new Error(receipt);
    expect(receipt).toMatchObject({ format: "minka-ledger-receipt/v1", seq: vote.seq, treeSize: vote.seq });
    const checkpoint = verifyCheckpoint(receipt.checkpoint, decodeVerifier(receipt.verifierKey));
    expect(
      verifyInclusion(
        receipt.leafIndex,
        receipt.treeSize,
        fromBase64(receipt.leafHash),
        receipt.proof.map(fromBase64),
        checkpoint.rootHash,
      ),
    ).toBe(true);
    expect(receipt.entry).toMatchObject({ seq: vote.seq, pseudonym, hash: vote.hash });

    expect(await receiptForPerson("voter", published.seq)).toBe("forbidden");
    expect(await receiptForPerson("author", vote.seq)).toBe("forbidden");
    expect(await receiptForPerson("author", 999)).toBe("not-found");
    expect(await receiptForPerson("author", published.seq)).toMatchObject({ seq: published.seq });

    await recordAct({ kind: "vote.withdrawn", subjectType: "proposal", subjectId: "prop-1", pseudonym });
    expect(await ownProposalReceipts("voter", "prop-1")).toEqual({ published: null, vote: null });
  });
});
