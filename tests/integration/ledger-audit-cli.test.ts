import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { signCheckpoint } from "../../app/record/checkpoints.server.ts";
import { recordAct } from "../../app/record/ledger.server.ts";
import { encodeVerifier, generateSigner } from "../../app/record/note.ts";
import { datasetJson, DATASETS } from "../../app/monitoring/open-data.server.ts";
import { TMP_DIR } from "../setup/paths.ts";
import { useTestDatabase } from "../factories.ts";

// `npm run ledger:audit` as a child process: it reads only files (the open-data export and
// checkpoints) and the key, never the database. Exit 0 while they agree; 1 naming the entry.

const prisma = await useTestDatabase();
const signer = generateSigner("minka.test/ledger");

function file(name: string, content: string) {
  const target = path.join(TMP_DIR, `${randomUUID()}-${name}`);
  writeFileSync(target, content);
  return target;
}

async function exportFile() {
  const dataset = DATASETS.find((d) => d.id === "registro")!;
  return file("registro.json", JSON.stringify(await datasetJson(dataset)));
}

function audit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "ledger:audit", "--", ...args], {
      // No database for the audit: a URL that cannot be opened proves it never tries.
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

describe("npm run ledger:audit", () => {
  beforeEach(async () => {
    await prisma.ledgerCheckpoint.deleteMany();
    await prisma.ledgerEntry.deleteMany();
    await prisma.ledgerTreeNode.deleteMany();
    for (let i = 1; i <= 6; i += 1) {
      await recordAct({ kind: "proposal.published", subjectType: "proposal", subjectId: `p${i}`, actorId: `u${i}` });
    }
  });

  it("accepts an untouched export and names the entry a rewrite changed", async () => {
    const kept = file("kept.txt", (await signCheckpoint(signer, prisma)).checkpoint.note);
    await recordAct({ kind: "vote.cast", subjectType: "proposal", subjectId: "p1", pseudonym: "x" });
    const current = file("current.txt", (await signCheckpoint(signer, prisma)).checkpoint.note);
    const key = encodeVerifier(signer);

    const ok = await audit(["--checkpoint", current, "--since", kept, "--export", await exportFile(), "--key", key]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/7 entries; every checkpoint agrees/);

    await prisma.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "data" = '{"forged":true}' WHERE "seq" = 4`);
    const bad = await audit(["--checkpoint", current, "--since", kept, "--export", await exportFile(), "--key", key]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/DIFFERS from entry #4/);

    const otherKey = encodeVerifier(generateSigner(signer.name));
    const refused = await audit(["--checkpoint", current, "--export", await exportFile(), "--key", otherKey]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not signed/);

    expect((await audit(["--export", "x.json"])).code).toBe(2);
  });
});
