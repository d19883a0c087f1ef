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
//          --baseline <checkout>  also run the whole benchmark against another checkout (an older
//                                 commit, built), first, in the same run, and print the ratios
//          --cpu-prof <dir>       write the servers' V8 CPU profiles (node --cpu-prof) into <dir>
// The load average is printed at each phase (the machine may be shared).
import { execFileSync } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { fmtGrouped as fmt, loadAverage, percentile, pool, runMain, startMinka } from "./harness.ts";
import {
  benchUserIds,
  BENCH_PLAN,
  fillSqlite,
  insertUsersSqlite,
  listPages,
  measureTtfb,
  pageData,
} from "./proposal-pages.ts";

type Options = {
  voters: number;
  concurrency: number;
  retry: number;
  proposals: number;
  votes: number;
  "page-requests": number;
  "page-concurrency": number;
  baseline: string;
  "cpu-prof": string;
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
    baseline: "",
    "cpu-prof": "",
  };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, "");
    const raw = args[i + 1];
    if (!name || !(name in options) || raw === undefined) {
      console.error(`Unknown or malformed option ${args[i]} ${raw ?? ""}`);
      process.exit(1);
    }
    if (name === "baseline" || name === "cpu-prof") {
      (options as Record<string, string | number>)[name] = path.resolve(raw);
      continue;
    }
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      console.error(`Malformed option ${args[i]} ${raw}`);
      process.exit(1);
    }
    (options as Record<string, string | number>)[name] = value;
  }
  return options;
}

const load = () => loadAverage(" / ");

type PageFigure = { label: string; p50: number; p95: number; p99: number; rps: number };
type Figures = {
  label: string;
  commit: string;
  votes: { p50: number; p95: number; p99: number; perSecond: number; raw: number; exact: boolean };
  pages: PageFigure[];
};

/** The session cookie the app expects: `<id>.<secret>`, the row holding the secret's SHA-256 (session.server.ts). */
const SESSION_COOKIE = "minka_session";

/** The whole benchmark against the server of one checkout (built), on a fresh database. */
async function runOne(options: Options, checkout: string, label: string): Promise<Figures> {
  const dir = path.join(os.tmpdir(), `minka-bench-votes-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, "minka.db");
  const databaseUrl = `file:${dbFile}`;
  const commit = execFileSync("git", ["-C", checkout, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  console.log(`\n=== ${label}: ${checkout} at ${commit} · ${dir}`);
  console.log(`load average (1/5/15 min) at start: ${load()}`);

  const server = await startMinka(databaseUrl, {
    cwd: checkout,
    execArgv: options["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${options["cpu-prof"]}`] : [],
    // BENCH_SERVER_LOG=<file>: keep the server's JSON log (pino-http logs each request's responseTime).
    logFile: process.env.BENCH_SERVER_LOG,
  });
  try {
    // Voters and their sessions, written as the app's session code writes them (no import of the
    // app, so the same harness drives any checkout).
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
    const now = new Date().toISOString();
    const userIds = benchUserIds(options.voters);
    insertUsersSqlite(db, userIds);
    const insertSession = db.prepare(
      "INSERT INTO Session (id, secretHash, userId, createdAt, expiresAt, lastVerifiedAt, userAgent) VALUES (?, ?, ?, ?, ?, ?, 'bench')",
    );
    const expires = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();
    const cookies: string[] = [];
    db.transaction(() => {
      for (const id of userIds) {
        const sessionId = randomBytes(20).toString("hex");
        const secret = randomBytes(20).toString("hex");
        insertSession.run(sessionId, createHash("sha256").update(secret).digest(), id, now, expires, now);
        cookies.push(`${SESSION_COOKIE}=${sessionId}.${secret}`);
      }
    })();
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
    console.log(`load average before the burst: ${load()}`);
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
    console.log(`load average before the page requests: ${load()}`);
    const totals = db
      .prepare("SELECT (SELECT COUNT(*) FROM Proposal) AS p, (SELECT COUNT(*) FROM ProposalVote) AS v")
      .get() as {
      p: number;
      v: number;
    };
    console.log(`database: ${fmt(totals.p, 0)} proposals, ${fmt(totals.v, 0)} votes`);

    // The list page's variants (shared with bench:cluster); page 400 is measured both ways here, so
    // the ?pagina= one says it is the old link.
    const pages = listPages(plan).map(([name, pathname]): [string, string] => [
      pathname.includes("&pagina=") ? `${name}, old link (?pagina=400)` : name,
      pathname,
    ]);
    // Page 400 reached by following "Siguiente" (a cursor), where the server has cursors: walked
    // through the API's next cursors, then the page itself is measured.
    const first = (await (await fetch(`${server.url}/api/v1/proposals?plan=${plan}`)).json()) as {
      data: { nextCursor?: string | null };
    };
    if (first.data.nextCursor !== undefined) {
      let cursor = first.data.nextCursor;
      for (let i = 2; i < 400 && cursor; i++) {
        const next = (await (
          await fetch(`${server.url}/api/v1/proposals?plan=${plan}&cursor=${encodeURIComponent(cursor)}`)
        ).json()) as { data: { nextCursor: string | null } };
        cursor = next.data.nextCursor;
      }
      if (!cursor) throw new Error("the cursor walk ended before page 400");
      pages.push([
        "page 400 of 500, by cursor (Siguiente)",
        `/propuestas?plan=${plan}&cursor=${encodeURIComponent(cursor)}`,
      ]);
    }
    console.log(`\nList page TTFB, ${options["page-requests"]} requests at ${options["page-concurrency"]} concurrent:`);
    console.log("| page | p50 ms | p95 ms | p99 ms | req/s |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    const pageFigures: PageFigure[] = [];
    let resets = 0;
    for (const [name, pathname] of pages) {
      const measured = await measureTtfb(server.url, pathname, options["page-requests"], options["page-concurrency"]);
      resets += measured.resets;
      const figure = { label: name, p50: measured.p50, p95: measured.p95, p99: measured.p99, rps: measured.perSecond };
      pageFigures.push(figure);
      console.log(`| ${name} | ${fmt(figure.p50)} | ${fmt(figure.p95)} | ${fmt(figure.p99)} | ${fmt(figure.rps, 0)} |`);
    }
    if (resets > 0) console.log(`(${resets} requests retried after a reset connection)`);
    console.log(`load average at the end: ${load()}`);
    db.close();
    return {
      label,
      commit,
      votes: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        perSecond: votesPerSecond,
        raw: rawPerSecond,
        exact,
      },
      pages: pageFigures,
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ratio = (after: number, before: number) => `${fmt(after / before, 2)} ×`;

async function main() {
  const options = parseOptions();
  console.log(`Minka vote benchmark · ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ""} · Node ${process.version}`);
  if (options["cpu-prof"]) mkdirSync(options["cpu-prof"], { recursive: true });
  const runs: Figures[] = [];
  if (options.baseline) runs.push(await runOne(options, options.baseline, "baseline"));
  runs.push(await runOne(options, process.cwd(), "this checkout"));
  if (runs.some((r) => !r.votes.exact)) process.exitCode = 1;
  const [before, after] = runs;
  if (!before || !after) return;
  console.log(`\n=== this checkout (${after.commit}) against the baseline (${before.commit}), same run`);
  console.log("| figure | baseline | this checkout | ratio (this / baseline) |");
  console.log("| --- | ---: | ---: | ---: |");
  const row = (name: string, b: number, a: number, digits = 1) =>
    console.log(`| ${name} | ${fmt(b, digits)} | ${fmt(a, digits)} | ${ratio(a, b)} |`);
  row("votes/s", before.votes.perSecond, after.votes.perSecond, 0);
  row("vote ack p50 ms", before.votes.p50, after.votes.p50);
  row("vote ack p95 ms", before.votes.p95, after.votes.p95);
  row("vote ack p99 ms", before.votes.p99, after.votes.p99);
  row("raw inserts/s (ceiling)", before.votes.raw, after.votes.raw, 0);
  row("server / raw", before.votes.perSecond / before.votes.raw, after.votes.perSecond / after.votes.raw, 4);
  for (const page of after.pages) {
    const old =
      before.pages.find((p) => p.label === page.label) ??
      before.pages.find((p) => p.label.startsWith(page.label.slice(0, 16)));
    if (!old) continue;
    row(`${page.label} p95 TTFB ms (baseline: ${old.label})`, old.p95, page.p95);
    row(`${page.label} req/s`, old.rps, page.rps, 0);
  }
}

runMain(main);
