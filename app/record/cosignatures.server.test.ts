import { beforeEach, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { checkpointNote, signCheckpoint } from "./checkpoints.server.ts";
import { addCosignature } from "./cosignatures.server.ts";
import { recordAct } from "./ledger.server.ts";
import { ALG_COSIGNATURE_V1, cosignLine, generateSigner, verifyCheckpoint } from "./note.ts";

const log = generateSigner("minka.test/ledger");
const witness = generateSigner("witness.ong.test/w1", ALG_COSIGNATURE_V1);
const stranger = generateSigner("witness.other.test/w2", ALG_COSIGNATURE_V1);
const options = { signer: log, witnesses: [witness] };

describe("witness cosignatures", () => {
  beforeEach(async () => {
    await prisma().ledgerCheckpoint.deleteMany();
    await prisma().ledgerEntry.deleteMany();
    await prisma().ledgerTreeNode.deleteMany();
    await recordAct({ kind: "comment.posted", subjectType: "proposal", subjectId: "p", actorId: "u" });
  });

  test("an accepted witness's cosignature is kept once and published beside the checkpoint", async () => {
    const { checkpoint } = await signCheckpoint(log);
    const body = checkpoint.note.split("\n\n")[0] + "\n";
    const line = cosignLine(body, witness, 1_764_000_000);
    expect(await addCosignature(checkpoint.size, line, options)).toEqual({
      ok: true,
      witness: witness.name,
      created: true,
    });
    expect(await addCosignature(checkpoint.size, line, options)).toMatchObject({ ok: true, created: false });
    const note = (await checkpointNote(checkpoint.size))!;
    expect(note).toBe(checkpoint.note + line);
    expect(verifyCheckpoint(note, log, [witness]).cosignedBy).toEqual([
      { name: witness.name, timestamp: 1_764_000_000 },
    ]);
    const row = await prisma().ledgerCosignature.findFirstOrThrow();
    expect(row.signedAt.toISOString()).toBe(new Date(1_764_000_000_000).toISOString());
  });

  test("a stranger's, a forged, a malformed or a misplaced cosignature is refused and nothing is kept", async () => {
    const { checkpoint } = await signCheckpoint(log);
    const body = checkpoint.note.split("\n\n")[0] + "\n";
    expect(await addCosignature(checkpoint.size, cosignLine(body, stranger, 1), options)).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/witness this Minka accepts/),
    });
    const otherBody = body.replace(/\n1\n/, "\n2\n");
    expect(await addCosignature(checkpoint.size, cosignLine(otherBody, witness, 1), options)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/does not verify/),
    });
    expect(await addCosignature(checkpoint.size, "not a line", options)).toMatchObject({ ok: false, status: 400 });
    expect(await addCosignature(99, cosignLine(body, witness, 1), options)).toMatchObject({ ok: false, status: 404 });
    expect(await prisma().ledgerCosignature.count()).toBe(0);
  });
});
