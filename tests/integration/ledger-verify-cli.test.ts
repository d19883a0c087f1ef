import { spawn } from "node:child_process";
import { beforeEach, describe, expect, it } from "vitest";
import { recordAct } from "../../app/record/ledger.server.ts";
import { useTestDatabase } from "../support/factories.ts";

// `npm run ledger:verify` as a child process against this file's database: exit 0 while the chain
// is intact; after a stored row is changed, deleted or reordered, a non-zero exit naming the entry.

const prisma = await useTestDatabase();

function verifyCli(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "ledger:verify"], {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: "silent" },
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

describe("npm run ledger:verify", () => {
  beforeEach(async () => {
    await prisma.ledgerEntry.deleteMany();
    for (let i = 1; i <= 5; i += 1) {
      await recordAct({
        kind: "progress.reported",
        subjectType: "progress-report",
        subjectId: `r${i}`,
        commitmentId: "c1",
        actorId: `u${i}`,
        data: { period: "2027-S1", i },
      });
    }
  });

  it("exits 0 and names the head when the chain is intact", async () => {
    const { code, stdout } = await verifyCli();
    expect(code).toBe(0);
    expect(stdout).toMatch(/intact: 5 entries verified, head #5 [0-9a-f]{64}/);
  });

  it("fails naming the entry whose stored content was changed", async () => {
    await prisma.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "actorId" = 'intruder' WHERE "seq" = 3`);
    const { code, stderr } = await verifyCli();
    expect(code).not.toBe(0);
    expect(stderr).toContain("BROKEN at entry #3");
  });

  it("fails naming the entry after a deleted one", async () => {
    await prisma.$executeRawUnsafe(`DELETE FROM "LedgerEntry" WHERE "seq" = 2`);
    const { code, stderr } = await verifyCli();
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/BROKEN at entry #3 .*missing/);
  });

  it("fails when rows are reordered", async () => {
    await prisma.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "seq" = -4 WHERE "seq" = 4`);
    await prisma.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "seq" = 4 WHERE "seq" = 5`);
    await prisma.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "seq" = 5 WHERE "seq" = -4`);
    const { code, stderr } = await verifyCli();
    expect(code).not.toBe(0);
    expect(stderr).toContain("BROKEN at entry #4");
  });

  it("fails naming the entry whose stored hash was forged", async () => {
    const row = await prisma.ledgerEntry.findUniqueOrThrow({ where: { seq: 5 } });
    await prisma.$executeRawUnsafe(`UPDATE "LedgerEntry" SET "hash" = '${"f".repeat(64)}' WHERE "seq" = 5`);
    const { code, stderr } = await verifyCli();
    expect(row.hash).not.toBe("f".repeat(64));
    expect(code).not.toBe(0);
    expect(stderr).toContain("BROKEN at entry #5");
  });
});
