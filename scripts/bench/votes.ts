// `npm run bench:votes` (not a test): supports (apoyos) under a burst, through the real HTTP server.
//
// 1. Starts Minka (server/index.ts, demo data) on a fresh SQLite file.
// 2. Creates N distinct voters with sessions, then fires one vote each at one proposal as a burst
//    (at most C requests in flight), as plain form posts; a random share of voters also retry
//    (a duplicate submission, sent at a random moment while the burst runs). Reports the
//    acknowledgement latency percentiles (request sent → 302 received), votes per second, and checks
//    that the final count is exact: the proposal's count, its rows and the public record agree.
// 3. In the same run, the ceiling: raw better-sqlite3 inserts of the same rows, one transaction per
//    vote as the server does, with the same pragmas, and the ratio server / raw.
// 4. The proposal list page with 10,000 proposals and 100,000 votes: p50/p95 time to first byte at
//    50 concurrent requests, for the default order, the most-supported order, a search, and a deep page.
//
// Options: --voters 2000 --concurrency 200 --retry 0.3 --proposals 10000 --votes 100000
//          --page-requests 500 --page-concurrency 50
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import {
  BENCH_PLAN,
  fillSqlite,
  insertUsersSqlite,
  listPages,
  measureTtfb,
  pageData,
  percentile,
  pool,
  startMinka,
} from "./proposal-pages.ts";

type Options = {
  voters: number;
  concurrency: number;
  retry: number;
  proposals: number;
  votes: number;
  "page-requests": number;
  "page-concurrency": number;
};

function parseOptions(): Options {
  const options: Options = {
    voters: 2000,
    concurrency: 200,
    retry: 0.3,
    proposals: 10_000,
    votes: 100_000,
    "page-requests": 500,
    "page-concurrency": 50,
  };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, "");
    const value = Number(args[i + 1]);
    if (!name || !(name in options) || !Number.isFinite(value)) {
      console.error(`Unknown or malformed option ${args[i]} ${args[i + 1] ?? ""}`);
      process.exit(1);
    }
    (options as Record<string, number>)[name] = value;
  }
  return options;
}

const fmt = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

async function main() {
  const options = parseOptions();
  const dir = path.join(os.tmpdir(), `minka-bench-votes-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, "minka.db");
  const databaseUrl = `file:${dbFile}`;
  console.log(`Minka vote benchmark · ${os.cpus().length} CPU · Node ${process.version} · ${dir}`);

  const server = await startMinka(databaseUrl);
  try {
    // Voters and their sessions, created with the app's own session code on the same database.
    process.env.DATABASE_URL = databaseUrl;
    const { createSession, SESSION_COOKIE } = await import("../../app/utils/session.server.ts");
    const db = new Database(dbFile);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    const plan = BENCH_PLAN;
    const target = db
      .prepare(
        "SELECT id, voteCount FROM Proposal WHERE planId = ? AND status != 'WITHDRAWN' ORDER BY createdAt LIMIT 1",
      )
      .get(plan) as {
      id: string;
      voteCount: number;
    };
    const userIds = Array.from({ length: options.voters }, (_, i) => `bench-voter-${i}`);
    insertUsersSqlite(db, userIds);
    const cookies: string[] = [];
    for (const id of userIds) cookies.push(`${SESSION_COOKIE}=${(await createSession(id, "bench")).token}`);
    console.log(
      `\n${fmt(options.voters, 0)} voters ready; burst on proposal ${target.id} (${target.voteCount} votes before)`,
    );

    // The burst: one vote per voter, plus random duplicate retries.
    const url = `${server.url}/propuestas/${target.id}`;
    // A connection reset (the server closing an idle keep-alive socket as the client reuses it,
    // likely on a loaded machine) is retried, as a browser would: the vote is idempotent.
    let voteResets = 0;
    const vote = async (cookie: string): Promise<{ status: number; ms: number }> => {
      const started = performance.now();
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await fetch(url, {
            method: "POST",
            body: "intent=vote",
            redirect: "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: cookie },
          });
          await response.arrayBuffer();
          return { status: response.status, ms: performance.now() - started };
        } catch (error) {
          if (attempt >= 2) throw error;
          voteResets += 1;
        }
      }
    };
    const retries = cookies.filter(() => Math.random() < options.retry);
    const requests = [
      ...cookies.map((c) => ({ cookie: c, retry: false })),
      ...retries.map((c) => ({ cookie: c, retry: true })),
    ];
    // Retries land at random moments of the burst.
    for (let i = requests.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [requests[i], requests[j]] = [requests[j]!, requests[i]!];
    }
    const burstStart = performance.now();
    const results = await pool(requests.length, options.concurrency, (i) => vote(requests[i]!.cookie));
    const burstMs = performance.now() - burstStart;
    const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
    const bad = results.filter((r) => r.status !== 302);
    const finalRow = db.prepare("SELECT voteCount FROM Proposal WHERE id = ?").get(target.id) as { voteCount: number };
    const rows = (
      db.prepare("SELECT COUNT(*) AS n FROM ProposalVote WHERE proposalId = ?").get(target.id) as { n: number }
    ).n;
    const ledger = (
      db
        .prepare(
          "SELECT SUM(CASE kind WHEN 'vote.cast' THEN 1 WHEN 'vote.withdrawn' THEN -1 ELSE 0 END) AS n FROM LedgerEntry WHERE subjectId = ?",
        )
        .get(target.id) as { n: number }
    ).n;
    const api = (await (await fetch(`${server.url}/api/v1/proposals/${target.id}`)).json()) as {
      data: { votes: { total: number } };
    };
    const expected = target.voteCount + options.voters;
    const exact =
      finalRow.voteCount === expected && rows === expected && ledger === expected && api.data.votes.total === expected;
    const votesPerSecond = (options.voters / burstMs) * 1000;
    console.log(
      `requests: ${fmt(requests.length, 0)} (${fmt(retries.length, 0)} duplicate retries), ${options.concurrency} in flight, non-302 answers: ${bad.length}, connection resets retried: ${voteResets}`,
    );
    console.log(
      `ack latency ms: p50 ${fmt(percentile(latencies, 50))} · p95 ${fmt(percentile(latencies, 95))} · p99 ${fmt(percentile(latencies, 99))} · max ${fmt(latencies.at(-1)!)}`,
    );
    console.log(
      `burst: ${fmt(burstMs / 1000, 2)} s · ${fmt(votesPerSecond, 0)} votes/s (distinct votes recorded per second)`,
    );
    console.log(
      `final count: expected ${expected} · proposal ${finalRow.voteCount} · rows ${rows} · public record ${ledger} · API ${api.data.votes.total} → ${exact ? "EXACT" : "MISMATCH"}`,
    );

    // The ceiling: raw better-sqlite3, one transaction per vote, same pragmas, same table shape.
    const rawFile = path.join(dir, "raw.db");
    const raw = new Database(rawFile);
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = NORMAL");
    raw.exec(
      "CREATE TABLE ProposalVote (proposalId TEXT NOT NULL, userId TEXT NOT NULL, sector TEXT, createdAt TEXT NOT NULL, PRIMARY KEY (proposalId, userId))",
    );
    const rawInsert = raw.prepare(
      "INSERT INTO ProposalVote (proposalId, userId, sector, createdAt) VALUES (?, ?, NULL, ?)",
    );
    const rawOne = raw.transaction((userId: string) => rawInsert.run(target.id, userId, new Date().toISOString()));
    const rawStart = performance.now();
    for (const id of userIds) rawOne(id);
    const rawMs = performance.now() - rawStart;
    raw.close();
    const rawPerSecond = (options.voters / rawMs) * 1000;
    console.log(
      `raw better-sqlite3 ceiling: ${fmt(rawPerSecond, 0)} inserts/s (${fmt(rawMs, 0)} ms for ${options.voters}) · server / raw = ${fmt(votesPerSecond / rawPerSecond, 3)} (1 : ${fmt(rawPerSecond / votesPerSecond, 0)})`,
    );

    // The list page with 10,000 proposals and 100,000 votes.
    console.log(`\nFilling ${fmt(options.proposals, 0)} proposals and ${fmt(options.votes, 0)} votes…`);
    fillSqlite(db, pageData({ proposals: options.proposals, votes: options.votes, authorIds: userIds }));
    const totals = db
      .prepare("SELECT (SELECT COUNT(*) FROM Proposal) AS p, (SELECT COUNT(*) FROM ProposalVote) AS v")
      .get() as {
      p: number;
      v: number;
    };
    console.log(`database: ${fmt(totals.p, 0)} proposals, ${fmt(totals.v, 0)} votes`);

    let resets = 0;
    console.log(`\nList page TTFB, ${options["page-requests"]} requests at ${options["page-concurrency"]} concurrent:`);
    console.log("| page | p50 ms | p95 ms | p99 ms | req/s |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const [label, pathname] of listPages(plan)) {
      const r = await measureTtfb(server.url, pathname, options["page-requests"], options["page-concurrency"]);
      resets += r.resets;
      console.log(`| ${label} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.perSecond, 0)} |`);
    }
    if (resets > 0) console.log(`(${resets} requests retried after a reset connection)`);
    db.close();
    if (!exact) process.exitCode = 1;
  } finally {
    const { prisma } = await import("../../app/utils/db.server.ts");
    await prisma.$disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
