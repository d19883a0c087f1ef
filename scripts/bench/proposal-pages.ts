import type { Database } from "better-sqlite3";
import type pg from "pg";
import { percentile, pool } from "./harness.ts";
import { prng } from "./shared.ts";

// What scripts/bench/votes.ts and scripts/bench/cluster.ts share for the proposal pages: filling
// the demonstration plan of a real Minka server's database (startMinka, harness.ts) with N
// proposals and M distinct votes (the same rows on SQLite and on PostgreSQL), the list page's
// variants, and a page's time to first byte under C concurrent requests.

/** The demonstration plan (prisma/seed) the filled proposals belong to. */
export const BENCH_PLAN = "plan-demostracion-2027-2028";

// ---- the rows ----------------------------------------------------------------------------------

export type ProposalRow = {
  id: string;
  authorId: string;
  title: string;
  body: string;
  searchText: string;
  voteCount: number;
  commentCount: number;
  createdAt: Date;
};

export type PageData = { proposals: ProposalRow[]; votes: { proposalId: string; userId: string }[] };

const WORDS = [
  "agua",
  "salud",
  "educación",
  "transparencia",
  "datos",
  "obras",
  "presupuesto",
  "municipio",
  "región",
  "escuela",
];

/** Ids of `count` bench users (see insertUsersSqlite / fillPostgres). */
export function benchUserIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-voter-${i}`);
}

/**
 * `proposals` published proposals by `authorIds` (in turn), one a minute back from now, and
 * `votes` distinct (proposal, voter) pairs, skewed so that some proposals are popular (voters take
 * turns until the target is reached). Seeded: every call with the same arguments gives the same
 * rows but for the dates.
 */
export function pageData(options: { proposals: number; votes: number; authorIds: string[]; seed?: number }): PageData {
  const { authorIds } = options;
  const random = prng(options.seed ?? 1);
  if (options.votes > options.proposals * authorIds.length)
    throw new Error(`${options.votes} distinct votes need more than ${authorIds.length} voters`);
  const now = Date.now();
  const proposals: ProposalRow[] = [];
  for (let i = 0; i < options.proposals; i++) {
    const w = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}`;
    const title = `Propuesta ${i} sobre ${w}`;
    const body = `Texto de la propuesta ${i}: mejorar ${w} con datos abiertos y participación ciudadana.`;
    proposals.push({
      id: `bench-proposal-${i}`,
      authorId: authorIds[i % authorIds.length]!,
      title,
      body,
      searchText: `${title} ${body}`
        .normalize("NFD")
        .replace(/\p{Diacritic}/gu, "")
        .toLowerCase(),
      voteCount: 0,
      commentCount: i % 13,
      createdAt: new Date(now - i * 60_000),
    });
  }
  const seen = new Set<string>();
  const votes: PageData["votes"] = [];
  for (let turn = 0; votes.length < options.votes; turn++) {
    const p = Math.floor(Math.pow(random(), 3) * proposals.length);
    const userId = authorIds[turn % authorIds.length]!;
    const key = `${p}\u0000${userId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    votes.push({ proposalId: proposals[p]!.id, userId });
    proposals[p]!.voteCount++;
  }
  return { proposals, votes };
}

/** The most supported of the filled proposals: the detail page to measure. */
export function mostSupported(data: PageData): ProposalRow {
  return data.proposals.reduce((best, p) => (p.voteCount > best.voteCount ? p : best));
}

// ---- SQLite (better-sqlite3 on the server's file, WAL) -----------------------------------------

export function insertUsersSqlite(db: Database, ids: string[]): void {
  const insertUser = db.prepare(
    "INSERT INTO User (id, email, name, passwordHash, role, locale, createdAt, updatedAt) VALUES (?, ?, ?, 'x', 'CITIZEN', 'es', ?, ?)",
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const id of ids) insertUser.run(id, `${id}@bench.minka.pe`, `Votante ${id}`, now, now);
  })();
}

/** Inserts the proposals (in BENCH_PLAN) and votes in one transaction, then ANALYZE. */
export function fillSqlite(db: Database, data: PageData): void {
  const insertProposal = db.prepare(
    `INSERT INTO Proposal (id, planId, authorId, title, body, searchText, status, voteCount, endorsementCount, commentCount, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, 'PUBLISHED', ?, 0, ?, ?, ?)`,
  );
  const insertVote = db.prepare(
    "INSERT INTO ProposalVote (proposalId, userId, sector, createdAt) VALUES (?, ?, NULL, ?)",
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const p of data.proposals) {
      const at = p.createdAt.toISOString();
      insertProposal.run(
        p.id,
        BENCH_PLAN,
        p.authorId,
        p.title,
        p.body,
        p.searchText,
        p.voteCount,
        p.commentCount,
        at,
        at,
      );
    }
    for (const v of data.votes) insertVote.run(v.proposalId, v.userId, now);
  })();
  db.exec("ANALYZE");
}

// ---- PostgreSQL (node-postgres on the server's database) ---------------------------------------

/** Multi-row INSERTs of at most `chunk` rows (PostgreSQL takes at most 65,535 parameters a query). */
async function insertRows(client: pg.Client, head: string, rows: unknown[][], chunk: number): Promise<void> {
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const width = slice[0]!.length;
    const values = slice.map(
      (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(", ")})`,
    );
    await client.query(`${head} VALUES ${values.join(", ")}`, slice.flat());
  }
}

/** The same users, proposals and votes as insertUsersSqlite + fillSqlite, in one transaction, then ANALYZE. */
export async function fillPostgres(client: pg.Client, userIds: string[], data: PageData): Promise<void> {
  const now = new Date();
  await client.query("BEGIN");
  try {
    await insertRows(
      client,
      `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "locale", "createdAt", "updatedAt")`,
      userIds.map((id) => [id, `${id}@bench.minka.pe`, `Votante ${id}`, "x", "CITIZEN", "es", now, now]),
      1000,
    );
    await insertRows(
      client,
      `INSERT INTO "Proposal" ("id", "planId", "authorId", "title", "body", "searchText", "status", "voteCount", "endorsementCount", "commentCount", "createdAt", "updatedAt")`,
      data.proposals.map((p) => [
        p.id,
        BENCH_PLAN,
        p.authorId,
        p.title,
        p.body,
        p.searchText,
        "PUBLISHED",
        p.voteCount,
        0,
        p.commentCount,
        p.createdAt,
        p.createdAt,
      ]),
      1000,
    );
    await insertRows(
      client,
      `INSERT INTO "ProposalVote" ("proposalId", "userId", "createdAt")`,
      data.votes.map((v) => [v.proposalId, v.userId, now]),
      5000,
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  await client.query("ANALYZE");
}

// ---- measuring ---------------------------------------------------------------------------------

/** The list page's variants measured by both benchmarks. */
export function listPages(plan = BENCH_PLAN): (readonly [string, string])[] {
  return [
    ["default (most recent)", `/propuestas?plan=${plan}`],
    ["most supported", `/propuestas?plan=${plan}&orden=support`],
    ["search «salud datos»", `/propuestas?q=salud%20datos&orden=support`],
    ["page 400 of 500", `/propuestas?plan=${plan}&pagina=400`],
  ];
}

export type TtfbResult = { p50: number; p95: number; p99: number; perSecond: number; resets: number };

/**
 * Time to first byte of `requests` GETs of `pathname` with `concurrency` in flight (after one
 * warm-up request). Every answer must be 200 with its body read. A connection the server closed
 * while idle (keep-alive race) is retried once and counted.
 */
export async function measureTtfb(
  baseUrl: string,
  pathname: string,
  requests: number,
  concurrency: number,
): Promise<TtfbResult> {
  let resets = 0;
  const ttfb = async (retried = false): Promise<number> => {
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${pathname}`);
    } catch (error) {
      if (retried) throw error;
      resets += 1;
      return ttfb(true);
    }
    const first = performance.now() - started; // fetch resolves when the headers arrive
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${pathname} answered ${response.status}`);
    return first;
  };
  await ttfb(); // warm up
  const started = performance.now();
  const times = (await pool(requests, concurrency, () => ttfb())).sort((a, b) => a - b);
  const seconds = (performance.now() - started) / 1000;
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    perSecond: requests / seconds,
    resets,
  };
}
