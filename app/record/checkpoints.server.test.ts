import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { checkpointNote, listCheckpoints, loadSigner, publishedKeys, signCheckpoint } from "./checkpoints.server.ts";
import { recordAct } from "./ledger.server.ts";
import { entryLeafHash, rootFromLeaves, toBase64 } from "./merkle.ts";
import { ALG_COSIGNATURE_V1, decodeVerifier, encodeSigner, generateSigner, verifyCheckpoint } from "./note.ts";

const signer = generateSigner("minka.test/ledger");

async function acts(n: number) {
  for (let i = 0; i < n; i += 1) {
    await recordAct({ kind: "proposal.published", subjectType: "proposal", subjectId: `p${i}`, actorId: `u${i}` });
  }
}

describe("signed checkpoints of the record", () => {
  beforeEach(async () => {
    await prisma().ledgerCheckpoint.deleteMany();
    await prisma().ledgerEntry.deleteMany();
    await prisma().ledgerTreeNode.deleteMany();
  });

  test("a checkpoint signs the tree's size and root, once per size, and verifies with the published key", async () => {
    const empty = await signCheckpoint(signer);
    expect(empty).toMatchObject({ created: true, checkpoint: { size: 0 } });
    await acts(5);
    const first = await signCheckpoint(signer);
    expect(first).toMatchObject({ created: true, checkpoint: { size: 5 } });
    expect(await signCheckpoint(signer)).toMatchObject({ created: false, checkpoint: { size: 5 } });

    const entries = await prisma().ledgerEntry.findMany({ orderBy: { seq: "asc" } });
    const root = rootFromLeaves(entries.map((e) => entryLeafHash(e.hash)));
    expect(first.checkpoint.rootHash).toBe(toBase64(root));
    const keys = publishedKeys(signer, []);
    const verified = verifyCheckpoint((await checkpointNote(5))!, decodeVerifier(keys.log.verifierKey));
    expect(verified).toMatchObject({ origin: "minka.test/ledger", size: 5, cosignedBy: [] });
    expect(first.checkpoint.note).toBe(
      `minka.test/ledger\n5\n${toBase64(root)}\n\n${first.checkpoint.note.split("\n\n")[1]}`,
    );

    await acts(2);
    await signCheckpoint(signer);
    expect((await listCheckpoints(null, 10)).map((c) => c.size)).toEqual([7, 5, 0]);
    expect((await listCheckpoints(7, 1)).map((c) => c.size)).toEqual([5]);
  });

  test("concurrent signers sign each size once", async () => {
    await acts(3);
    const results = await Promise.all(Array.from({ length: 8 }, () => signCheckpoint(signer)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await prisma().ledgerCheckpoint.count()).toBe(1);
  });

  test("a tree shorter than a signed checkpoint, or one that does not end with the chain's entry, is not signed", async () => {
    await acts(4);
    await signCheckpoint(signer);
    await prisma().ledgerEntry.deleteMany({ where: { seq: { gt: 2 } } });
    await expect(signCheckpoint(signer)).rejects.toThrow(/refusing to sign/);

    await prisma().ledgerCheckpoint.deleteMany();
    await prisma().ledgerEntry.deleteMany();
    await prisma().ledgerTreeNode.deleteMany();
    await acts(3);
    await prisma().ledgerTreeNode.update({
      where: { level_idx: { level: 0, idx: 2 } },
      data: { hash: "00".repeat(32) },
    });
    await expect(signCheckpoint(signer)).rejects.toThrow(/does not end with entry 3/);
  });

  test("the key: given, or created once beside a SQLite database, and required on PostgreSQL", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "minka-key-"));
    const url = `file:${path.join(dir, "minka.db")}`;
    const created = loadSigner({ DATABASE_URL: url, PUBLIC_URL: "https://minka.example.pe" });
    expect(created.name).toBe("minka.example.pe/ledger");
    const file = path.join(dir, "ledger-signing.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim()).toBe(encodeSigner(created));
    expect(encodeSigner(loadSigner({ DATABASE_URL: url }))).toBe(encodeSigner(created));

    expect(() => loadSigner({ DATABASE_URL: "postgresql://db/minka" })).toThrow(/LEDGER_SIGNING_KEY/);
    const given = loadSigner({ DATABASE_URL: "postgresql://db/minka", LEDGER_SIGNING_KEY: encodeSigner(signer) });
    expect(given.name).toBe(signer.name);
    const witnessKey = encodeSigner(generateSigner("w.example/w", ALG_COSIGNATURE_V1));
    expect(() => loadSigner({ DATABASE_URL: url, LEDGER_SIGNING_KEY: witnessKey })).toThrow(/Ed25519/);
  });
});
