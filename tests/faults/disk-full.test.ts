import { copyFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldsMap } from "../../app/drafting/document.ts";
import { CLOSE } from "~/collab/protocol.ts";
import { verifyLedger } from "../../app/record/ledger.server.ts";
import { createPrismaClient, prepareDatabase, type PrismaClient } from "~/utils/db.server.ts";
import { databaseDigest, demoCommitmentId } from "../security/support.ts";
import { collabClient, type CollabClient } from "../support/collab.ts";
import { login, postForm } from "../support/http.ts";
import { TEMPLATE_DB } from "../support/paths.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { waitFor } from "../support/wait.ts";
import { fillFilesystem, mountProblem, mountSmallFilesystem } from "./disk.ts";
import { MiB } from "./support.ts";

// Fault: the disk is full during a write. The server's SQLite database lives on a small tmpfs
// mounted for this test, which a filler file then fills to the last byte, so the server's writes
// really fail with ENOSPC (SQLITE_FULL); see docs/decisions/011. While it is full: a support and a
// new proposal (form posts) get a 507 page in Spanish that says nothing was saved and to retry;
// a co-drafting edit is not stored, its author's socket is closed with STORAGE_FULL (so the editor
// can say the change was not saved) and nobody else receives it; every table is as it was, the
// public record verifies, the process answers /healthz. Once the filler is deleted, the same
// actions succeed on the same process (no restart) and the edit the client kept arrives.
//
// Mounting needs root (CI runs as root). Where it is not allowed the test says why and does not
// run; with MINKA_TEST_SERVICES=required (as .ci/run sets) that is a failure instead.

const required = process.env.MINKA_TEST_SERVICES === "required";
const problem = mountProblem();
if (problem) {
  const line = `*** The disk-full fault test did NOT run: ${problem} ***`;
  if (required) console.log(`${line}\n(MINKA_TEST_SERVICES=required: failing)`);
  else console.warn(`${line}\n(set MINKA_TEST_SERVICES=required to make this a failure)`);
}
const runIfMountable = problem && !required ? it.skip : it;

const PLAN = "plan-demostracion-2027-2028";
/** Room for the demo database (a few MiB) and its WAL while the server starts and loads demo data. */
const FILESYSTEM_BYTES = 64 * MiB;

let server: RunningServer | undefined;
let db: PrismaClient | undefined;
let filesystem: ReturnType<typeof mountSmallFilesystem> | undefined;
const clients: CollabClient[] = [];

beforeAll(async () => {
  if (problem) return;
  filesystem = mountSmallFilesystem(FILESYSTEM_BYTES);
  const file = path.join(filesystem.dir, "minka.db");
  copyFileSync(TEMPLATE_DB, file);
  server = await startServer({ DATABASE_URL: `file:${file}`, RATE_LIMIT_PROPOSALS: "1000", RATE_LIMIT_VOTES: "1000" });
  db = createPrismaClient(`file:${file}`);
  await prepareDatabase(db);
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.stop();
  await db?.$disconnect();
  filesystem?.unmount();
});

/** Folds the WAL into the database and truncates it to 0 bytes, so the next write must allocate. */
async function truncateWal(client: PrismaClient) {
  await waitFor(
    async () => {
      const [row] = await client.$queryRawUnsafe<{ busy: bigint | number }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
      return Number(row!.busy) === 0;
    },
    "a WAL checkpoint with no reader in the way",
    10_000,
    20,
  );
}

function publishProposal(cookie: string, title: string) {
  return postForm(
    server!,
    "/propuestas/nueva",
    { planId: PLAN, title, body: "Una propuesta escrita mientras el disco del servidor está lleno o recién liberado." },
    { cookie, signal: AbortSignal.timeout(20_000) },
  );
}

/** A support, with a deadline: a server that stopped answering fails the test rather than hanging it. */
function support(cookie: string, proposalId: string) {
  return postForm(
    server!,
    `/propuestas/${proposalId}`,
    { intent: "vote" },
    { cookie, signal: AbortSignal.timeout(20_000) },
  );
}

describe("disk full during a write", () => {
  runIfMountable(
    "answers 507 with a retry page, stores nothing half-way, keeps the edit out of the room, and recovers when space is freed",
    async () => {
      if (problem)
        throw new Error(`The disk-full fault test cannot run here: ${problem} (MINKA_TEST_SERVICES=required)`);
      const running = server!;
      const client = db!;
      const fs = filesystem!;
      const pid = running.process.pid;

      const citizen = await login(running, "ciudadana@minka.pe");
      const author = await login(running, "academia@minka.pe");
      const editor = await login(running, "servidor@minka.pe");
      const published = await publishProposal(author, "Una propuesta a la que apoyar con el disco lleno");
      expect(published.status).toBe(302);
      const proposalId = published.headers.get("location")!.split("/")[2]!.split("?")[0]!;
      const room = `commitment/${await demoCommitmentId(running, 1)}`;

      // Two editors in the draft; B notes when each value of contactName first reached it.
      const a = collabClient(running, room, editor);
      const b = collabClient(running, room, editor);
      clients.push(a, b);
      await waitFor(() => a.provider.synced && b.provider.synced, "both editors synced", 10_000);
      const seenByB = new Map<string, number>();
      fieldsMap(b.doc).observe(() => {
        const value = String(fieldsMap(b.doc).get("contactName"));
        if (!seenByB.has(value)) seenByB.set(value, Date.now());
      });
      fieldsMap(a.doc).set("contactName", "Antes de llenar el disco");
      await waitFor(() => seenByB.has("Antes de llenar el disco"), "an edit relayed before the disk fills", 10_000);
      // Let the draft's projection into its rows run now rather than while the disk is full.
      await waitFor(
        async () =>
          (await client.commitment.findFirst({ where: { contactName: "Antes de llenar el disco" } })) !== null,
        "the draft projected",
        10_000,
        20,
      );

      // Fill it: the WAL is emptied first, else SQLite would reuse its blocks and never need more.
      await truncateWal(client);
      const free = fillFilesystem(fs.dir);
      expect(fs.freeBytes()).toBe(0);
      const digest = await databaseDigest({ client });
      const counts = async () => ({
        votes: await client.proposalVote.count({ where: { proposalId } }),
        proposals: await client.proposal.count(),
        updates: await client.collabUpdate.count({ where: { room } }),
        ledger: await client.ledgerEntry.count(),
      });
      const before = await counts();
      let freedAt: number;
      try {
        // A support: one transaction (vote, count, public record).
        const vote = await support(citizen, proposalId);
        expect(vote.status).toBe(507);
        expect(vote.headers.get("retry-after")).toBe("60");
        const page = await vote.text();
        expect(page).toContain("Sin espacio para guardar");
        expect(page).toContain("No se guardó nada a medias");
        expect(page).toContain("Inténtalo de nuevo en unos minutos");
        expect(page).toContain("Reintentar");
        // A new proposal.
        const proposal = await publishProposal(author, "Una propuesta que no cabe en el disco lleno");
        expect(proposal.status).toBe(507);
        expect(await proposal.text()).toContain("No se guardó nada a medias");

        // A co-drafting edit: refused with STORAGE_FULL, never relayed.
        fieldsMap(a.doc).set("contactName", "Escrito con el disco lleno");
        await waitFor(
          () => a.closes.includes(CLOSE.STORAGE_FULL.code),
          "the editor told its edit was not stored",
          10_000,
        );
        expect(b.closes).toEqual([]);

        // The process is up and still reads.
        expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
        expect((await fetch(`${running.url}/propuestas/${proposalId}`)).status).toBe(200);
        expect(running.process.exitCode).toBeNull();

        // Nothing half-written: every table as it was, the public record intact.
        expect(await counts()).toEqual(before);
        expect(await databaseDigest({ client })).toBe(digest);
        expect((await verifyLedger(client)).ok).toBe(true);
        expect(seenByB.has("Escrito con el disco lleno")).toBe(false);
      } finally {
        free();
        freedAt = Date.now();
      }

      // Space is back: the same actions succeed on the same process.
      const vote = await support(citizen, proposalId);
      expect(vote.status).toBe(302);
      const proposal = await publishProposal(author, "Una propuesta que no cabe en el disco lleno");
      expect(proposal.status).toBe(302);
      // The editor kept its change and its reconnect sends it again: stored, then relayed.
      await waitFor(
        () => seenByB.has("Escrito con el disco lleno"),
        "the kept edit relayed once space is back",
        10_000,
      );
      expect(seenByB.get("Escrito con el disco lleno")!).toBeGreaterThanOrEqual(freedAt);
      await waitFor(
        () => fieldsMap(b.doc).get("contactName") === "Escrito con el disco lleno" && a.provider.synced,
        "the editors agree",
        10_000,
      );
      const after = await counts();
      expect(after.votes).toBe(before.votes + 1);
      expect(after.proposals).toBe(before.proposals + 1);
      expect(after.updates).toBeGreaterThan(before.updates);
      expect((await verifyLedger(client)).ok).toBe(true);
      expect(running.process.pid).toBe(pid);
      expect(running.process.exitCode).toBeNull();
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    },
    120_000,
  );
});
