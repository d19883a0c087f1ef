import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCheckpoint } from "../../app/record/checkpoints.server.ts";
import { entryHash } from "../../app/record/entry.ts";
import { recordAct } from "../../app/record/ledger.server.ts";
import {
  ALG_COSIGNATURE_V1,
  encodeSigner,
  encodeVerifier,
  generateSigner,
  verifyCheckpoint,
} from "../../app/record/note.ts";
import { catchUpTree } from "../../app/record/tree.server.ts";
import { useTestDatabase } from "../factories.ts";
import { TMP_DIR } from "../setup/paths.ts";
import { startServer, type RunningServer } from "../setup/server.ts";

// `npm run ledger:witness` against the real server: it cosigns each new checkpoint that is
// consistent with the last one it cosigned, Minka publishes the cosignature beside the checkpoint,
// and after the record is rewritten and re-signed with the key the witness refuses (exit 1).

const prisma = await useTestDatabase();
const log = generateSigner("minka.test/ledger");
const witness = generateSigner("witness.ong.test/w1", ALG_COSIGNATURE_V1);
const stateDir = path.join(TMP_DIR, `witness-${randomUUID()}`);
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(path.join(stateDir, "witness.key"), `${encodeSigner(witness)}\n`);
  server = await startServer({
    DATABASE_URL: process.env.DATABASE_URL!,
    LEDGER_SIGNING_KEY: encodeSigner(log),
    LEDGER_WITNESSES: encodeVerifier(witness),
  });
});

afterAll(async () => {
  await server?.stop();
});

function runWitness(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "ledger:witness", "--", "--url", server.url, "--state", stateDir], {
      env: { ...process.env, DATABASE_URL: "postgresql://nowhere.invalid/none" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function published(size: number) {
  return (await fetch(`${server.url}/api/v1/ledger/checkpoints/${size}`)).text();
}

describe("npm run ledger:witness", () => {
  it("cosigns consistent checkpoints and refuses a rewritten record", async () => {
    const first = (await signCheckpoint(log, prisma)).checkpoint;
    const one = await runWitness();
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(new RegExp(`Cosigned checkpoint ${first.size}\\.`));
    expect(verifyCheckpoint(await published(first.size), log, [witness]).cosignedBy).toEqual([
      { name: witness.name, timestamp: expect.any(Number) },
    ]);
    const listed = (await (await fetch(`${server.url}/api/v1/ledger/checkpoints`)).json()) as {
      data: { size: number; cosignatures: { witness: string }[] }[];
    };
    expect(listed.data.find((c) => c.size === first.size)!.cosignatures).toEqual([
      expect.objectContaining({ witness: witness.name }),
    ]);
    expect((await runWitness()).stdout).toMatch(/already cosigned/);

    for (let i = 0; i < 3; i += 1) {
      await recordAct({ kind: "comment.posted", subjectType: "proposal", subjectId: `w${i}`, actorId: `u${i}` });
    }
    const second = (await signCheckpoint(log, prisma)).checkpoint;
    expect(second.size).toBe(first.size + 3);
    const two = await runWitness();
    expect(two.code).toBe(0);
    expect(two.stdout).toMatch(new RegExp(`Cosigned checkpoint ${second.size}\\.`));

    // Someone with the database and the key rewrites entry 2, re-hashes the chain, rebuilds the
    // tree, appends one more entry and signs again.
    const rows = await prisma.ledgerEntry.findMany({ orderBy: { seq: "asc" } });
    rows[1] = { ...rows[1]!, actorId: "forged" };
    for (let i = 1; i < rows.length; i += 1) {
      const row = rows[i]!;
      row.prevHash = rows[i - 1]!.hash;
      const { hash: _old, ...rest } = row;
      row.hash = entryHash(rest);
    }
    await prisma.ledgerEntry.deleteMany();
    await prisma.ledgerTreeNode.deleteMany();
    await prisma.ledgerEntry.createMany({ data: rows });
    await catchUpTree(prisma);
    await recordAct({ kind: "comment.posted", subjectType: "proposal", subjectId: "w9", actorId: "u9" });
    await prisma.ledgerCheckpoint.deleteMany();
    const forged = (await signCheckpoint(log, prisma)).checkpoint;
    expect(forged.size).toBe(second.size + 1);

    const three = await runWitness();
    expect(three.code).toBe(1);
    expect(three.stderr).toMatch(
      new RegExp(`INCONSISTENT: checkpoint ${forged.size} is not consistent with ${second.size}`),
    );
    expect(await prisma.ledgerCosignature.count({ where: { checkpointSize: forged.size } })).toBe(0);

    // A line by a witness Minka does not accept is refused.
    const stranger = generateSigner("witness.other.test/w2", ALG_COSIGNATURE_V1);
    const { cosignLine } = await import("../../app/record/note.ts");
    const response = await fetch(`${server.url}/api/v1/ledger/checkpoints/${forged.size}/cosignatures`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.origin },
      body: JSON.stringify({ line: cosignLine(forged.note.split("\n\n")[0] + "\n", stranger, 1) }),
    });
    expect(response.status).toBe(400);
  });
});
