import { beforeEach, describe, expect, test } from "vitest";
import type { LedgerEntry } from "~/generated/prisma/client.ts";
import { prisma } from "~/utils/db.server.ts";
import { auditRecord, type ExportedEntry } from "./audit.ts";
import { signCheckpoint } from "./checkpoints.server.ts";
import { entryHash, GENESIS_HASH } from "./entry.ts";
import { nextEntry, type ActKind } from "./ledger.server.ts";
import { generateSigner } from "./note.ts";
import { catchUpTree } from "./tree.server.ts";

// The audit against checkpoints kept from before, over random tampering by someone with full
// database access and the signing key: entries rewritten, deleted, reordered or inserted, the whole
// tail rewritten, with or without re-hashing the chain, rebuilding the tree and re-signing.

const signer = generateSigner("minka.test/ledger");
const KINDS: ActKind[] = ["proposal.published", "vote.cast", "endorsement.made", "comment.posted"];

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function exported(rows: LedgerEntry[]): ExportedEntry[] {
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

async function dump(): Promise<ExportedEntry[]> {
  return exported(await prisma().ledgerEntry.findMany({ orderBy: { seq: "asc" } }));
}

/** Replaces the stored record with `rows` (as someone with database access would). */
async function store(rows: LedgerEntry[]) {
  await prisma().ledgerEntry.deleteMany();
  await prisma().ledgerTreeNode.deleteMany();
  for (let i = 0; i < rows.length; i += 200) await prisma().ledgerEntry.createMany({ data: rows.slice(i, i + 200) });
  await catchUpTree(prisma());
}

function act(random: () => number, i: number) {
  return {
    kind: KINDS[Math.floor(random() * KINDS.length)]!,
    subjectType: "proposal",
    subjectId: `p${Math.floor(random() * 5)}`,
    actorId: `u${i}`,
    data: { i },
    at: new Date(Date.UTC(2026, 11, 1, 0, 0, i)),
  };
}

function build(random: () => number, n: number): LedgerEntry[] {
  const rows: LedgerEntry[] = [];
  for (let i = 0; i < n; i += 1) rows.push(nextEntry(rows.at(-1) ?? null, act(random, i)) as LedgerEntry);
  return rows;
}

/** Renumbers and re-hashes the chain from position `from` on. */
function rehash(rows: LedgerEntry[], from: number): LedgerEntry[] {
  const out = rows.map((r) => ({ ...r }));
  for (let i = Math.max(0, from); i < out.length; i += 1) {
    const row = out[i]!;
    row.seq = i + 1;
    row.prevHash = i === 0 ? GENESIS_HASH : out[i - 1]!.hash;
    const { hash: _old, ...rest } = row;
    row.hash = entryHash(rest);
  }
  return out;
}

type Tamper = "rewrite" | "delete" | "reorder" | "insert" | "tail";

function tamper(random: () => number, rows: LedgerEntry[], kind: Tamper, k: number): LedgerEntry[] {
  const out = rows.map((r) => ({ ...r }));
  const i = k - 1;
  switch (kind) {
    case "rewrite":
      out[i] = { ...out[i]!, actorId: `forged-${k}`, data: JSON.stringify({ forged: true }) };
      break;
    case "delete":
      out.splice(i, 1);
      break;
    case "reorder": {
      const j = i + 1 + Math.floor(random() * (out.length - i - 1));
      // Swapped in place: each keeps the number of the place it moved to.
      [out[i], out[j]] = [
        { ...out[j]!, seq: i + 1 },
        { ...out[i]!, seq: j + 1 },
      ];
      break;
    }
    case "insert":
      out.splice(i, 0, { ...nextEntry(out[i - 1] ?? null, act(random, 1000 + k)), seq: k } as LedgerEntry);
      break;
    case "tail":
      for (let t = i; t < out.length; t += 1) out[t] = { ...out[t]!, data: JSON.stringify({ rewritten: t }) };
      break;
  }
  return out;
}

describe("the audit against kept checkpoints", () => {
  beforeEach(async () => {
    await prisma().ledgerCheckpoint.deleteMany();
    await prisma().ledgerEntry.deleteMany();
    await prisma().ledgerTreeNode.deleteMany();
  });

  test("an untouched record passes, with every checkpoint kept along the way", async () => {
    const random = prng(1);
    const rows = build(random, 30);
    await store(rows.slice(0, 12));
    const first = (await signCheckpoint(signer)).checkpoint.note;
    await store(rows);
    const second = (await signCheckpoint(signer)).checkpoint.note;
    const result = auditRecord({
      entries: await dump(),
      checkpoints: [
        { label: "kept", note: first, kept: true },
        { label: "new", note: second },
      ],
      logKey: signer,
    });
    expect(result).toMatchObject({ ok: true, count: 30 });
  });

  test("random tampering is detected every time, and located", async () => {
    const kinds: Tamper[] = ["rewrite", "delete", "reorder", "insert", "tail"];
    for (let round = 0; round < 40; round += 1) {
      const random = prng(1000 + round);
      await prisma().ledgerCheckpoint.deleteMany();
      const n = 8 + Math.floor(random() * 25);
      const rows = build(random, n);
      // Checkpoints someone kept: one at a random earlier size, one at the full size.
      const early = 1 + Math.floor(random() * (n - 1));
      await store(rows.slice(0, early));
      const keptEarly = (await signCheckpoint(signer)).checkpoint;
      await store(rows);
      const kept = (await signCheckpoint(signer)).checkpoint;

      const kind = kinds[round % kinds.length]!;
      const k = 1 + Math.floor(random() * (n - 1)); // a position with at least one entry after it
      let forged = tamper(random, rows, kind, k);
      const rehashed = kind === "delete" || kind === "insert" || random() < 0.6;
      if (rehashed) forged = rehash(forged, k - 1);
      await store(forged);
      // The operator re-signs the forged record with the key (the server's checkpoints are theirs).
      await prisma().ledgerCheckpoint.deleteMany();
      const resigned = (await signCheckpoint(signer)).checkpoint;

      const label = `round ${round}: ${kind} at #${k} of ${n}${rehashed ? ", re-hashed" : ""}`;
      const result = auditRecord({
        entries: await dump(),
        checkpoints: [
          { label: "new", note: resigned.note },
          { label: "kept", note: kept.note, kept: true },
          { label: "kept early", note: keptEarly.note, kept: true },
        ],
        logKey: signer,
      });
      expect(result.ok, label).toBe(false);
      if (result.ok) continue;
      const seq = result.firstDifference.seq!;
      if (!rehashed) {
        // The chain breaks right there: the entry is named exactly.
        expect(seq, `${label}: ${result.firstDifference.reason}`).toBe(k);
      } else {
        // Re-hashed: every leaf from #k differs, so the entry lies after the last matching checkpoint.
        expect(seq, `${label}: ${result.firstDifference.reason}`).toBeLessThanOrEqual(k);
        expect(seq === 1 || (keptEarly.size < k && seq === keptEarly.size + 1), label).toBe(true);
      }
    }
  });

  test("a checkpoint with a wrong signature, or from another key, is refused", async () => {
    const rows = build(prng(7), 10);
    await store(rows);
    const { note } = (await signCheckpoint(signer)).checkpoint;
    const forged = note.replace("\n10\n", "\n9\n");
    const impostor = generateSigner(signer.name);
    const entries = await dump();
    for (const checkpoint of [forged, note]) {
      const result = auditRecord({
        entries,
        checkpoints: [{ label: "kept", note: checkpoint }],
        logKey: checkpoint === note ? impostor : signer,
      });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]!.reason).toMatch(/not signed/);
    }
  });
});
