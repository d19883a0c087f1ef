import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordAct, verifyLedger } from "../../app/record/ledger.server.ts";
import { createPrismaClient, prepareDatabase } from "~/utils/db.server.ts";
import { TEMPLATE_DB, TMP_DIR } from "../support/paths.ts";
import { createTestDatabase } from "../support/postgres.ts";

// Runs with the PostgreSQL suite (`npm run test:postgres`).
describe("copying a SQLite database into PostgreSQL", () => {
  it("copies every row, keeps the record verifying, and refuses a target that is not empty", async () => {
    const file = path.join(TMP_DIR, `copy-${randomUUID()}.db`);
    copyFileSync(TEMPLATE_DB, file);
    const sqliteUrl = `file:${file}`;
    // The demo data, seeded as `npm run db:seed` does it: in a process whose database is this file
    // (the models write through the process's own client).
    execFileSync("npx", ["tsx", "prisma/seed.ts"], { env: { ...process.env, DATABASE_URL: sqliteUrl }, stdio: "pipe" });
    const sqlite = createPrismaClient(sqliteUrl);
    await prepareDatabase(sqlite);
    for (let i = 0; i < 5; i += 1) {
      await recordAct({ kind: "vote.cast", subjectType: "proposal", subjectId: "p", pseudonym: `v${i}` }, sqlite);
    }
    await sqlite.collabUpdate.create({ data: { room: "commitment/x", data: new Uint8Array([1, 2, 3]) } });
    const users = await sqlite.user.count();
    const entries = await sqlite.ledgerEntry.count();
    await sqlite.$disconnect();

    const postgresUrl = await createTestDatabase();
    const output = execFileSync("npx", ["tsx", "scripts/copy-to-postgres.ts", sqliteUrl, postgresUrl], {
      encoding: "utf8",
    });
    expect(output).toContain(`counts match; public record verified on PostgreSQL (${entries} entries)`);

    const pg = createPrismaClient(postgresUrl, { poolSize: 2 });
    try {
      expect(await pg.user.count()).toBe(users);
      expect(entries).toBeGreaterThan(5);
      expect(await verifyLedger(pg)).toMatchObject({ ok: true, count: entries });
      const copied = await pg.collabUpdate.findFirstOrThrow({ where: { room: "commitment/x" } });
      expect([...copied.data]).toEqual([1, 2, 3]);
      // Autoincrement ids continue after the copied ones.
      const next = await pg.collabUpdate.create({ data: { room: "commitment/x", data: new Uint8Array([4]) } });
      expect(next.id).toBeGreaterThan(copied.id);
    } finally {
      await pg.$disconnect();
    }

    let refused = "";
    try {
      execFileSync("npx", ["tsx", "scripts/copy-to-postgres.ts", sqliteUrl, postgresUrl], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      refused = String((error as { stderr?: string }).stderr);
    }
    expect(refused).toMatch(/the target is not empty/);
  }, 120_000);
});
