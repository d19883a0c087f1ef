import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../../app/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { limaDay } from "~/utils/format.ts";
import { login, postForm } from "../support/http.ts";
import { type RunningServer } from "../support/server.ts";
import { PASSWORD, register, startSharedServer } from "../security/support.ts";

// The joins between the areas, against the real server with its demo data: participation and the
// forum in open data (/datos) and in "Mis datos", account deletion across proposals, comments,
// endorsements and forum acts, and the per-person rate limits of proposals, comments and supports.
// The server runs with small limits (RATE_LIMIT_*) so that a test can reach them; every test uses
// its own people, so the limits of one do not touch another.

const PLAN = "plan-demostracion-2027-2028";
let server: RunningServer;

beforeAll(async () => {
  server = await startSharedServer({ RATE_LIMIT_PROPOSALS: "2", RATE_LIMIT_COMMENTS: "3", RATE_LIMIT_VOTES: "4" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function publish(cookie: string, title = "Una propuesta de prueba con título suficiente") {
  return postForm(
    server,
    "/propuestas/nueva",
    { planId: PLAN, title, body: "El texto de la propuesta de prueba, con más de veinte caracteres." },
    { cookie },
  );
}

const idFrom = (response: Response) => response.headers.get("location")!.split("/")[2]!.split("?")[0]!;

async function published(cookie: string, title?: string) {
  const response = await publish(cookie, title);
  expect(response.status, await response.clone().text()).toBe(302);
  return idFrom(response);
}

async function act(cookie: string, proposalId: string, form: Record<string, string>) {
  return postForm(server, `/propuestas/${proposalId}`, form, { cookie });
}

async function myData(cookie: string) {
  const prepared = await postForm(server, "/cuenta/mis-datos", { intent: "prepare" }, { cookie });
  expect(prepared.status).toBe(200);
  const link = [...(await prepared.text()).matchAll(/href="(\/cuenta\/mis-datos\/descarga\?[^"]+)"/g)]
    .map((m) => m[1]!.replaceAll("&amp;", "&"))
    .find((l) => l.includes("formato=json"))!;
  const response = await fetch(`${server.url}${link}`, { headers: { Cookie: cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { sections: Record<string, Record<string, unknown>[]> }).sections;
}

function csvRows(text: string): Record<string, string>[] {
  // The datasets here hold no quoted newlines in the columns these tests read; split simply.
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const split = (line: string) => {
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted && c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === "," && !quoted) {
        cells.push(cell);
        cell = "";
      } else cell += c;
    }
    cells.push(cell);
    return cells;
  };
  const names = split(header!);
  return lines.map((line) => Object.fromEntries(split(line).map((v, i) => [names[i], v])));
}

describe("open data: proposals and the forum", () => {
  it("publishes proposals with their counts, response and commitment, never who supported", async () => {
    const voter = await register(server, "Votante de Datos");
    const proposal = await prisma().proposal.findFirstOrThrow({
      where: { planId: PLAN, status: { not: "WITHDRAWN" } },
      orderBy: { createdAt: "asc" },
    });
    expect((await act(voter.cookie, proposal.id, { intent: "vote" })).status).toBe(302);

    const json = (await (await fetch(`${server.url}/datos/propuestas.json`)).json()) as {
      license: unknown;
      data: Record<string, unknown>[];
    };
    const row = json.data.find((r) => r.id === proposal.id)!;
    const api = (await (await fetch(`${server.url}/api/v1/proposals/${proposal.id}`)).json()) as {
      data: { votes: { total: number; bySector: Record<string, number> }; comments: number; endorsements: unknown[] };
    };
    expect(row).toMatchObject({
      votes: api.data.votes.total,
      votes_civil_society: api.data.votes.bySector.CIVIL_SOCIETY,
      votes_no_sector: api.data.votes.bySector.NONE,
      endorsements: api.data.endorsements.length,
      comments: api.data.comments,
      url: `/propuestas/${proposal.id}`,
    });
    expect(row.votes).toBeGreaterThan(0);
    expect(await prisma().proposal.count()).toBe(json.data.length);
    // An answered proposal carries its response and, when accepted, its commitment.
    const accepted = await prisma().proposal.findFirstOrThrow({ where: { commitmentId: { not: null } } });
    expect(json.data.find((r) => r.id === accepted.id)).toMatchObject({
      status: accepted.status,
      commitment_id: accepted.commitmentId,
      response_reason: accepted.responseReason,
    });

    const csv = await fetch(`${server.url}/datos/propuestas.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(csvRows(text).find((r) => r.id === proposal.id)!.votes).toBe(String(row.votes));
    // Nobody who supported appears: neither the voter's id nor any voter's.
    const voterIds = (await prisma().proposalVote.findMany({ select: { userId: true } })).map((v) => v.userId);
    for (const body of [text, JSON.stringify(json)]) {
      for (const id of new Set(voterIds)) expect(body).not.toContain(id);
    }
    expect(await (await fetch(`${server.url}/datos`)).text()).toContain("/datos/propuestas.csv");
  });

  it("publishes the forum's agreements and motions with results by sector, as the API shows them", async () => {
    const sessions = (await (await fetch(`${server.url}/api/v1/forum/sessions`)).json()) as {
      data: { id: string; motions: number; agreements: number }[];
    };
    const held = sessions.data.find((s) => s.motions > 0 && s.agreements > 0)!;
    const session = (await (await fetch(`${server.url}/api/v1/forum/sessions/${held.id}`)).json()) as {
      data: {
        motions: {
          id: string;
          status: string;
          result: { for: number; against: number; abstain: number; bySector: Record<string, { FOR: number }> };
        }[];
        agreements: { id: string; status: string; overdue: boolean; responsible: string }[];
      };
    };
    const motions = (await (await fetch(`${server.url}/datos/mociones-foro.json`)).json()) as {
      data: Record<string, unknown>[];
    };
    for (const m of session.data.motions) {
      expect(motions.data.find((r) => r.id === m.id)).toMatchObject({
        session_id: held.id,
        status: m.status,
        votes_for: m.result.for,
        votes_against: m.result.against,
        votes_abstain: m.result.abstain,
        civil_society_for: m.result.bySector.CIVIL_SOCIETY!.FOR,
        academia_for: m.result.bySector.ACADEMIA!.FOR,
      });
    }
    const agreementsCsv = csvRows(await (await fetch(`${server.url}/datos/acuerdos-foro.csv`)).text());
    for (const a of session.data.agreements) {
      expect(agreementsCsv.find((r) => r.id === a.id)).toMatchObject({
        session_id: held.id,
        status: a.status,
        responsible: a.responsible,
        overdue: a.overdue ? "1" : "0",
      });
    }
    expect(agreementsCsv.length).toBe(await prisma().forumAgreement.count());
    expect(JSON.stringify(motions)).not.toContain("memberId");
  });
});

describe("Mis datos: participation, the forum and monitoring", () => {
  it("exports a person's proposals, own supports, endorsements, comments with revisions, reports, follows and notifications", async () => {
    const eva = await register(server, "Eva Exporta");
    const other = await register(server, "Otro Participante");
    const mine = await published(eva.cookie, "La propuesta de Eva para exportar");
    const theirs = await published(other.cookie, "La propuesta de otra persona");
    expect((await act(eva.cookie, theirs, { intent: "vote" })).status).toBe(302);
    expect((await act(eva.cookie, theirs, { intent: "endorse" })).status).toBe(302);
    expect((await act(eva.cookie, theirs, { intent: "comment", body: "Primer texto", stance: "FOR" })).status).toBe(
      302,
    );
    const comment = await prisma().comment.findFirstOrThrow({ where: { authorId: eva.id } });
    expect(
      (await act(eva.cookie, theirs, { intent: "edit-comment", commentId: comment.id, body: "Texto corregido" }))
        .status,
    ).toBe(302);
    // Someone else replies to Eva (a notification for her) and Eva reports that reply.
    expect(
      (await act(other.cookie, theirs, { intent: "comment", body: "Una respuesta", parentId: comment.id })).status,
    ).toBe(302);
    const reply = await prisma().comment.findFirstOrThrow({ where: { authorId: other.id, parentId: comment.id } });
    expect(
      (await act(eva.cookie, theirs, { intent: "report-comment", commentId: reply.id, reason: "No es respetuoso" }))
        .status,
    ).toBe(302);

    const data = await myData(eva.cookie);
    expect(data.proposals!.map((p) => p.id)).toEqual([mine]);
    expect(data.proposalVotes).toEqual([expect.objectContaining({ proposalId: theirs })]);
    expect(data.endorsements).toEqual([expect.objectContaining({ proposalId: theirs, organizationId: null })]);
    expect(data.comments).toEqual([
      expect.objectContaining({ kind: "comment", id: comment.id, body: "Texto corregido", stance: "FOR" }),
      expect.objectContaining({ kind: "revision", commentId: comment.id, body: "Primer texto" }),
    ]);
    expect(data.commentReports).toEqual([expect.objectContaining({ commentId: reply.id, reason: "No es respetuoso" })]);
    expect(data.follows!.map((f) => f.subjectKey)).toContain(`proposal:${mine}`);
    expect(data.notifications!.length).toBeGreaterThan(0);
    expect(data.notifications![0]).toMatchObject({ proposalId: theirs });
    // Only Eva's: nothing of the other person's.
    expect(JSON.stringify(data)).not.toContain("Una respuesta");
  });

  it("exports a forum member's seat, attendance and motion votes, and a person's good practices", async () => {
    const foro = await login(server, "foro@minka.pe");
    const member = await prisma().user.findUniqueOrThrow({ where: { email: "foro@minka.pe" } });
    const data = await myData(foro);
    const seats = await prisma().forumMember.findMany({ where: { userId: member.id } });
    expect(data.forumMemberships!.map((m) => m.memberId)).toEqual(seats.map((s) => s.id));
    const attendance = await prisma().forumAttendance.count({ where: { member: { userId: member.id } } });
    const votes = await prisma().forumVote.count({ where: { member: { userId: member.id } } });
    expect(attendance).toBeGreaterThan(0);
    expect(votes).toBeGreaterThan(0);
    expect(data.forumAttendance).toHaveLength(attendance);
    expect(data.forumVotes).toHaveLength(votes);
    expect(data.forumVotes![0]).toEqual(
      expect.objectContaining({
        motionId: expect.any(String),
        choice: expect.stringMatching(/^(FOR|AGAINST|ABSTAIN)$/),
      }),
    );

    // Good practices and progress reports the person authored (the demo's public servant has both).
    const servidor = await login(server, "servidor@minka.pe");
    const author = await prisma().user.findUniqueOrThrow({ where: { email: "servidor@minka.pe" } });
    const theirs = await myData(servidor);
    const reports = await prisma().progressReport.findMany({ where: { authorId: author.id }, select: { id: true } });
    const practices = await prisma().goodPractice.findMany({
      where: { submittedById: author.id },
      select: { id: true },
    });
    expect(reports.length + practices.length).toBeGreaterThan(0);
    expect(theirs.progressReports!.map((r) => r.id).sort()).toEqual(reports.map((r) => r.id).sort());
    expect(theirs.goodPractices!.map((p) => p.id).sort()).toEqual(practices.map((p) => p.id).sort());
  });
});

describe("account deletion across participation and the forum", () => {
  it("shows «participante eliminado» for proposals, comments, endorsements and forum acts, and the record verifies", async () => {
    const NAME = "Dora Borrable Zeta";
    const dora = await register(server, NAME);
    const other = await register(server, "Quien Queda");
    const proposalId = await published(dora.cookie, "La propuesta que Dora deja publicada");
    const theirs = await published(other.cookie, "Una propuesta que Dora respalda");
    expect((await act(dora.cookie, theirs, { intent: "endorse" })).status).toBe(302);
    expect((await act(dora.cookie, theirs, { intent: "comment", body: "El comentario de Dora" })).status).toBe(302);

    // Dora takes a forum seat (added by the secretariat with her account) and confirms attendance.
    const admin = await login(server, "admin@minka.pe");
    const organization = await prisma().organization.findFirstOrThrow({ where: { slug: "demo-colectivo-ciudadano" } });
    const added = await postForm(
      server,
      "/foro",
      {
        intent: "member-add",
        organizationId: organization.id,
        name: NAME,
        email: dora.email,
        role: "member",
        // Today as Lima counts it: the term starts at 00:00 Lima, which in UTC may still be tomorrow.
        termStart: limaDay(),
      },
      { cookie: admin },
    );
    expect(added.status, await added.clone().text()).toBe(302);
    const next = await prisma().forumSession.findFirstOrThrow({
      where: { status: "SCHEDULED" },
      orderBy: { scheduledAt: "asc" },
    });
    const doraSession = await login(server, dora.email, PASSWORD);
    const rsvp = await postForm(
      server,
      `/foro/sesiones/${next.id}`,
      { intent: "rsvp", rsvp: "YES" },
      { cookie: doraSession },
    );
    expect(rsvp.status).toBe(302);
    const pages = [
      `/propuestas/${proposalId}`,
      `/propuestas/${theirs}`,
      `/api/v1/proposals/${proposalId}`,
      `/api/v1/proposals/${theirs}`,
      `/propuestas?plan=${PLAN}&orden=recent`,
      `/api/v1/proposals?plan=${PLAN}&sort=recent`,
      "/foro",
      "/api/v1/forum",
      `/foro/sesiones/${next.id}`,
      `/api/v1/forum/sessions/${next.id}`,
    ];
    for (const path of pages) {
      expect(await (await fetch(`${server.url}${path}`)).text(), `${path} before deletion`).toContain(NAME);
    }

    const erased = await postForm(
      server,
      "/cuenta",
      { intent: "delete-account", password: PASSWORD, confirm: "on" },
      { cookie: dora.cookie },
    );
    expect(erased.status).toBe(302);

    for (const path of pages) {
      const body = await (await fetch(`${server.url}${path}`)).text();
      expect(body, `${path} after deletion`).not.toContain(NAME);
      expect(body, `${path} after deletion`).not.toContain("Borrable");
      expect(body, `${path} after deletion`).toContain("participante eliminado");
    }
    // The contributions stay.
    expect(await prisma().proposal.count({ where: { id: proposalId, authorId: dora.id } })).toBe(1);
    expect(await prisma().comment.count({ where: { authorId: dora.id } })).toBe(1);
    expect(await prisma().endorsement.count({ where: { userId: dora.id } })).toBe(1);
    const result = await verifyLedger(prisma());
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(JSON.stringify(await prisma().ledgerEntry.findMany())).not.toContain("Borrable");
  });
});

describe("rate limits on proposals, comments and supports (per person, 429 with Retry-After)", () => {
  it("refuses the proposal over the limit, with the form and nothing published", async () => {
    const busy = await register(server, "Persona Muy Activa");
    await published(busy.cookie, "Primera propuesta de una persona activa");
    await published(busy.cookie, "Segunda propuesta de una persona activa");
    const before = await prisma().proposal.count();
    const third = await publish(busy.cookie, "Tercera propuesta de una persona activa");
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await third.text()).toContain("Hiciste demasiadas acciones en poco tiempo");
    expect(await prisma().proposal.count()).toBe(before);
    // Someone else is not affected.
    const calm = await register(server, "Persona Tranquila");
    expect((await publish(calm.cookie, "La propuesta de una persona tranquila")).status).toBe(302);
  });

  it("refuses the comment over the limit, on proposals and on drafts, changing nothing", async () => {
    const talker = await register(server, "Persona Que Comenta");
    const proposal = await prisma().proposal.findFirstOrThrow({
      where: { planId: PLAN, status: { not: "WITHDRAWN" } },
    });
    for (const body of ["uno", "dos", "tres"]) {
      expect((await act(talker.cookie, proposal.id, { intent: "comment", body })).status).toBe(302);
    }
    const before = await prisma().comment.count();
    const fourth = await act(talker.cookie, proposal.id, { intent: "comment", body: "cuatro" });
    expect(fourth.status).toBe(429);
    expect(await fourth.clone().text()).toContain("Hiciste demasiadas acciones en poco tiempo");
    expect(Number(fourth.headers.get("retry-after"))).toBeGreaterThan(0);
    const draftComment = await postForm(
      server,
      `/compromisos/${proposal.commitmentId ?? (await prisma().commitment.findFirstOrThrow({ where: { plan: { id: PLAN } } })).id}/comentarios`,
      { intent: "comment", body: "cinco" },
      { cookie: talker.cookie },
    );
    expect(draftComment.status).toBe(429);
    expect(await prisma().comment.count()).toBe(before);
  });

  it("refuses the support over the limit, leaving the count as it was", async () => {
    const clicker = await register(server, "Persona Que Apoya");
    const proposal = await prisma().proposal.findFirstOrThrow({
      where: { planId: PLAN, status: { not: "WITHDRAWN" } },
    });
    for (const intent of ["vote", "unvote", "vote", "unvote"]) {
      expect((await act(clicker.cookie, proposal.id, { intent })).status).toBe(302);
    }
    const before = await prisma().proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    const fifth = await act(clicker.cookie, proposal.id, { intent: "vote" });
    expect(fifth.status).toBe(429);
    expect(await fifth.clone().text()).toContain("Hiciste demasiadas acciones en poco tiempo");
    expect(Number(fifth.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await prisma().proposalVote.count({ where: { proposalId: proposal.id, userId: clicker.id } })).toBe(0);
    expect((await prisma().proposal.findUniqueOrThrow({ where: { id: proposal.id } })).voteCount).toBe(
      before.voteCount,
    );
  });
});
