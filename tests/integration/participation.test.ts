import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "../../app/record/ledger.server.ts";
import { createPrismaClient, type PrismaClient } from "~/utils/db.server.ts";
import { login, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";

// Proposals, supports, endorsements, comments and responses over HTTP, against the real server
// with its demo data, as a browser without JavaScript uses them: plain form posts with `intent`,
// redirects, and the status codes of refusals (302 to login, 403, 400 with the input kept, 404),
// with nothing changed by a refused request. Rows are read straight from the server's database
// with a client of its own.

let server: RunningServer;
let db: PrismaClient;
const PLAN = "plan-demostracion-2027-2028";

beforeAll(async () => {
  // This file hammers one person's supports on purpose (100 concurrent requests and retries);
  // the per-person limits themselves are tested in cross-area.test.ts.
  server = await startServer({
    RATE_LIMIT_VOTES: "10000",
    RATE_LIMIT_COMMENTS: "10000",
    RATE_LIMIT_PROPOSALS: "10000",
  });
  db = createPrismaClient(server.databaseUrl);
});

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

const votes = (proposalId: string) => db.proposalVote.count({ where: { proposalId } });
const ledgerKinds = async (subjectId: string) =>
  (await db.ledgerEntry.findMany({ where: { subjectId }, orderBy: { seq: "asc" }, select: { kind: true } })).map(
    (r) => r.kind,
  );
const organizationId = async (slug: string) => (await db.organization.findUniqueOrThrow({ where: { slug } })).id;

type ApiProposal = {
  id: string;
  status: string;
  votes: { total: number; bySector: Record<string, number> };
  endorsements: { name: string; organization: string | null; sector: string | null }[];
  comments: number;
  response: { status: string; reason: string } | null;
  commitment: { id: string } | null;
};

async function apiProposal(id: string): Promise<ApiProposal> {
  const response = await fetch(`${server.url}/api/v1/proposals/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: ApiProposal }).data;
}

async function publish(cookie: string, fields: Record<string, string> = {}) {
  const response = await postForm(
    server,
    "/propuestas/nueva",
    {
      planId: PLAN,
      title: "Una propuesta de prueba con título suficiente",
      body: "El texto de la propuesta de prueba, con más de veinte caracteres.",
      ...fields,
    },
    { cookie },
  );
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  expect(location).toMatch(/^\/propuestas\/[a-z0-9]+\?hecho=publicada$/);
  return location.split("/")[2]!.split("?")[0]!;
}

describe("reading", () => {
  it("lists, filters, searches and pages proposals for anyone, with 400/404 for bad requests", async () => {
    const page = await fetch(`${server.url}/propuestas`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Publicar en datos abiertos los tiempos de atención");

    const search = await (await fetch(`${server.url}/api/v1/proposals?q=HOSPITALES%20atencion&plan=${PLAN}`)).json();
    expect(search.data.total).toBe(1);
    const accepted = await (await fetch(`${server.url}/api/v1/proposals?status=ACCEPTED`)).json();
    expect(accepted.data.proposals.every((p: { status: string }) => p.status === "ACCEPTED")).toBe(true);
    const bySupport = await (await fetch(`${server.url}/api/v1/proposals?sort=support`)).json();
    const supportCounts = bySupport.data.proposals.map((p: { votes: number }) => p.votes);
    expect(supportCounts).toEqual([...supportCounts].sort((a: number, b: number) => b - a));
    const academia = await (await fetch(`${server.url}/api/v1/proposals?sector=ACADEMIA`)).json();
    expect(academia.data.total).toBeGreaterThan(0);

    expect((await fetch(`${server.url}/api/v1/proposals?status=LOST`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/proposals?page=0`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/proposals?page=abc`)).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/proposals/no-such-proposal`)).status).toBe(404);
    expect((await fetch(`${server.url}/propuestas/no-such-proposal`)).status).toBe(404);
    // The filter page is forgiving: unknown values are ignored.
    expect((await fetch(`${server.url}/propuestas?estado=LOST&pagina=-4`)).status).toBe(200);
  });

  it("pages by cursor on the page and the API, both ways and stable with ties; bad cursors answer 400", async () => {
    // 45 proposals written straight to the server's database, with ties on creation time and
    // support, and a word of their own so the totals are theirs.
    const word = `cursor${Date.now().toString(36)}`;
    const author = await db.user.findUniqueOrThrow({ where: { email: "academia@minka.pe" } });
    const at = Date.UTC(2027, 2, 1);
    await db.proposal.createMany({
      data: Array.from({ length: 45 }, (_, i) => ({
        id: `${word}-${String((i * 17) % 45).padStart(2, "0")}`,
        planId: PLAN,
        authorId: author.id,
        title: `Propuesta ${word} número ${i}`,
        body: "Texto de la propuesta de prueba de paginación.",
        searchText: `propuesta ${word} numero ${i}`,
        createdAt: new Date(at - (i % 4) * 1000),
        voteCount: i % 3,
      })),
    });
    const rows = await db.proposal.findMany({
      where: { searchText: { contains: word } },
      select: { id: true, createdAt: true, voteCount: true },
    });
    const expected = rows
      .sort(
        (a, b) =>
          b.voteCount - a.voteCount ||
          b.createdAt.getTime() - a.createdAt.getTime() ||
          (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      )
      .map((r) => r.id);

    type Page = {
      data: {
        proposals: { id: string }[];
        total: number;
        from: number;
        to: number;
        nextCursor: string | null;
        prevCursor: string | null;
      };
    };
    const api = async (query: string) => {
      const response = await fetch(`${server.url}/api/v1/proposals?plan=${PLAN}&q=${word}&sort=support${query}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as Page).data;
    };
    const pages: Page["data"][] = [await api("")];
    while (pages.at(-1)!.nextCursor) pages.push(await api(`&cursor=${pages.at(-1)!.nextCursor}`));
    expect(pages.map((p) => [p.from, p.to, p.total])).toEqual([
      [1, 20, 45],
      [21, 40, 45],
      [41, 45, 45],
    ]);
    expect(pages.flatMap((p) => p.proposals.map((x) => x.id))).toEqual(expected);
    const back = await api(`&cursor=${pages[2]!.prevCursor}`);
    expect(back.proposals.map((x) => x.id)).toEqual(pages[1]!.proposals.map((x) => x.id));
    expect(pages[0]!.prevCursor).toBeNull();
    // Old page numbers still answer the same rows.
    expect((await api("&page=2")).proposals.map((x) => x.id)).toEqual(pages[1]!.proposals.map((x) => x.id));

    // The page: plain links, a labelled nav, the position announced.
    const html = await (
      await fetch(`${server.url}/propuestas?plan=${PLAN}&q=${word}&orden=support&cursor=${pages[0]!.nextCursor}`)
    ).text();
    expect(html).toMatch(/<nav aria-label="Páginas de resultados"/);
    expect(html).toContain(`aria-current="page">Propuestas 21 a 40 de 45`);
    const link = (rel: string) => {
      const tag = html.match(new RegExp(`<a[^>]*rel="${rel}"[^>]*>([^<]*)</a>`));
      return { href: tag?.[0].match(/href="([^"]*)"/)?.[1]?.replace(/&amp;/g, "&"), text: tag?.[1] };
    };
    expect(link("next")).toEqual({
      href: expect.stringContaining(`&cursor=${pages[1]!.nextCursor}`),
      text: "Siguiente",
    });
    expect(link("prev")).toEqual({
      href: expect.stringContaining(`&cursor=${pages[1]!.prevCursor}`),
      text: "Anterior",
    });
    expect(html).toContain(pages[1]!.proposals[0]!.id);
    const old = await fetch(`${server.url}/propuestas?plan=${PLAN}&q=${word}&orden=support&pagina=3`);
    expect(old.status).toBe(200);
    expect(await old.text()).toContain("Propuestas 41 a 45 de 45");
    const beyond = await fetch(`${server.url}/propuestas?plan=${PLAN}&q=${word}&orden=support&pagina=9`);
    expect(beyond.status).toBe(200);
    expect(await beyond.text()).toMatch(/<a [^>]*href="\/propuestas\?plan=[^"]*"[^>]*>Primera página<\/a>/);

    // Bad cursors: 400, clearly, and the server carries on.
    const support = pages[0]!.nextCursor!;
    const forged = Buffer.from(JSON.stringify([1, "support", "n", 20, "x", "y", "z"])).toString("base64url");
    for (const query of [
      `&cursor=${forged}`,
      "&cursor=%25%25",
      `&cursor=${"A".repeat(401)}`,
      `&cursor=${support}&page=2`,
    ]) {
      const response = await fetch(`${server.url}/api/v1/proposals?plan=${PLAN}&q=${word}&sort=support${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/cursor/);
    }
    const wrongOrder = await fetch(
      `${server.url}/api/v1/proposals?plan=${PLAN}&q=${word}&sort=recent&cursor=${support}`,
    );
    expect(wrongOrder.status).toBe(400);
    const badPage = await fetch(`${server.url}/propuestas?plan=${PLAN}&cursor=${forged}`);
    expect(badPage.status).toBe(400);
    expect(await badPage.text()).toContain("Este enlace de paginación no es válido");
    expect((await fetch(`${server.url}/propuestas?plan=${PLAN}&q=${word}`)).status).toBe(200);
    expect(await db.proposal.count({ where: { searchText: { contains: word } } })).toBe(45);
  });

  it("shows votes by sector and named endorsements, never who voted", async () => {
    const list = await (await fetch(`${server.url}/api/v1/proposals?sort=support&plan=${PLAN}`)).json();
    const top = await apiProposal(list.data.proposals[0].id);
    expect(top.votes.total).toBe(await votes(top.id));
    const sum = Object.values(top.votes.bySector).reduce((a, b) => a + b, 0);
    expect(sum).toBe(top.votes.total);
    const html = await (await fetch(`${server.url}/propuestas/${top.id}`)).text();
    expect(html).toContain("Quién apoya no es público");
    const json = JSON.stringify(top);
    expect(json).not.toMatch(/userId|voters/);
  });
});

describe("supports", () => {
  it("keeps exactly one vote after 100 concurrent requests by one person, and retries are idempotent", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const author = await login(server, "academia@minka.pe");
    const id = await publish(author);
    const path = `/propuestas/${id}`;

    const responses = await Promise.all(
      Array.from({ length: 100 }, () => postForm(server, path, { intent: "vote" }, { cookie: citizen })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(302));
    expect(await votes(id)).toBe(1);
    expect((await apiProposal(id)).votes.total).toBe(1);
    expect((await ledgerKinds(id)).filter((k) => k === "vote.cast")).toHaveLength(1);

    // A retry after success changes nothing.
    expect((await postForm(server, path, { intent: "vote" }, { cookie: citizen })).status).toBe(302);
    expect(await votes(id)).toBe(1);

    const withdrawn = await Promise.all(
      Array.from({ length: 20 }, () => postForm(server, path, { intent: "unvote" }, { cookie: citizen })),
    );
    expect(withdrawn.every((r) => r.status === 302)).toBe(true);
    expect(await votes(id)).toBe(0);
    expect((await apiProposal(id)).votes.total).toBe(0);
    expect((await ledgerKinds(id)).filter((k) => k === "vote.withdrawn")).toHaveLength(1);
    // The record holds a pseudonym, never the voter.
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { subjectId: id, kind: "vote.cast" } });
    expect(entry.actorId).toBeNull();
    expect(entry.pseudonym).toMatch(/^[0-9a-f]{32}$/);
  });

  it("refuses votes from visitors (to login), on unknown proposals (404) and outside the window (409)", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const id = await publish(await login(server, "empresa@minka.pe"));
    const anonymous = await postForm(server, `/propuestas/${id}`, { intent: "vote" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/ingresar/);
    expect((await postForm(server, "/propuestas/nope", { intent: "vote" }, { cookie: citizen })).status).toBe(404);
    expect((await postForm(server, `/propuestas/${id}`, { intent: "drop" }, { cookie: citizen })).status).toBe(400);
    expect(await votes(id)).toBe(0);

    // Close the window (the secretariat would; here straight in the database) and try again.
    const original = await db.plan.findUniqueOrThrow({ where: { id: PLAN } });
    await db.plan.update({ where: { id: PLAN }, data: { participationClosesAt: new Date(Date.now() - 1000) } });
    try {
      const closed = await postForm(server, `/propuestas/${id}`, { intent: "vote" }, { cookie: citizen });
      expect(closed.status).toBe(409);
      expect(await closed.text()).toContain("El periodo de participación de este plan no está abierto.");
      expect(await votes(id)).toBe(0);
    } finally {
      await db.plan.update({ where: { id: PLAN }, data: { participationClosesAt: original.participationClosesAt } });
    }
  });
});

describe("publishing", () => {
  it("redisplays a malformed form with the input kept, and a resubmission publishes once", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const bad = await postForm(
      server,
      "/propuestas/nueva",
      { planId: PLAN, title: "abc", body: "Un cuerpo que se debe conservar al volver a mostrar el formulario." },
      { cookie: citizen },
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("El título debe tener al menos 5 caracteres.");
    expect(html).toContain("Un cuerpo que se debe conservar al volver a mostrar el formulario.");

    const before = await db.proposal.count();
    const key = "prueba-reenvio-0001";
    const first = await publish(citizen, { submissionKey: key });
    const second = await publish(citizen, { submissionKey: key });
    expect(second).toBe(first);
    expect(await db.proposal.count()).toBe(before + 1);
    expect(await ledgerKinds(first)).toEqual(["proposal.published"]);
  });

  it("proposes on behalf of an organisation only with a role in it", async () => {
    const foro = await login(server, "foro@minka.pe");
    const citizen = await login(server, "ciudadana@minka.pe");
    const orgId = await organizationId("demo-colectivo-ciudadano");
    const refused = await postForm(
      server,
      "/propuestas/nueva",
      {
        planId: PLAN,
        title: "En nombre ajeno, no",
        body: "Una propuesta en nombre de una organización ajena.",
        organizationId: orgId,
      },
      { cookie: citizen },
    );
    expect(refused.status).toBe(403);
    const id = await publish(foro, { organizationId: orgId });
    const p = await db.proposal.findUniqueOrThrow({
      where: { id },
      select: { organizationId: true, authorSector: true },
    });
    expect(p).toEqual({ organizationId: orgId, authorSector: "CIVIL_SOCIETY" });
    expect((await fetch(`${server.url}/propuestas/nueva`, { redirect: "manual" })).status).toBe(302);
  });
});

describe("endorsements", () => {
  it("endorses as oneself or for one's organisation, once each, and refuses a foreign organisation", async () => {
    const foro = await login(server, "foro@minka.pe");
    const citizen = await login(server, "ciudadana@minka.pe");
    const id = await publish(citizen);
    const path = `/propuestas/${id}`;
    const orgId = await organizationId("demo-colectivo-ciudadano");

    expect(
      (await postForm(server, path, { intent: "endorse", organizationId: orgId }, { cookie: citizen })).status,
    ).toBe(403);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        postForm(server, path, { intent: "endorse", organizationId: orgId }, { cookie: foro }),
      ),
    );
    await postForm(server, path, { intent: "endorse" }, { cookie: foro });
    await postForm(server, path, { intent: "endorse" }, { cookie: foro });
    const data = await apiProposal(id);
    expect(data.endorsements).toHaveLength(2);
    expect(data.endorsements.find((e) => e.organization)).toMatchObject({
      name: "Rosa Quispe (demo)",
      sector: "CIVIL_SOCIETY",
    });
    expect((await db.proposal.findUniqueOrThrow({ where: { id } })).endorsementCount).toBe(2);

    expect(
      (await postForm(server, path, { intent: "unendorse", organizationId: orgId }, { cookie: foro })).status,
    ).toBe(302);
    expect((await apiProposal(id)).endorsements).toHaveLength(1);
    expect((await ledgerKinds(id)).filter((k) => k.startsWith("endorsement."))).toEqual([
      "endorsement.made",
      "endorsement.made",
      "endorsement.withdrawn",
    ]);
  });
});

describe("comments", () => {
  it("threads three levels with stances; edit keeps history; delete keeps the thread; only authors do either", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const foro = await login(server, "foro@minka.pe");
    const empresa = await login(server, "empresa@minka.pe");
    const id = await publish(citizen);
    const path = `/propuestas/${id}`;
    const commentIdFrom = (response: Response) => response.headers.get("location")!.split("#comentario-")[1]!;

    const tooLong = "x".repeat(3001);
    const bad = await postForm(
      server,
      path,
      { intent: "comment", body: `Guardado ${tooLong}`, stance: "FOR" },
      { cookie: foro },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("El comentario puede tener hasta 3000 caracteres.");
    const badStance = await postForm(
      server,
      path,
      { intent: "comment", body: "Hola", stance: "MAYBE" },
      { cookie: foro },
    );
    expect(badStance.status).toBe(400);

    const first = await postForm(
      server,
      path,
      { intent: "comment", body: "Primer nivel", stance: "FOR" },
      { cookie: foro },
    );
    expect(first.status).toBe(302);
    const c1 = commentIdFrom(first);
    const c2 = commentIdFrom(
      await postForm(
        server,
        path,
        { intent: "comment", body: "Segundo nivel", stance: "AGAINST", parentId: c1 },
        { cookie: empresa },
      ),
    );
    const c3 = commentIdFrom(
      await postForm(
        server,
        path,
        { intent: "comment", body: "Tercer nivel @Rosa Quispe (demo)", parentId: c2 },
        { cookie: citizen },
      ),
    );
    const depths = await db.comment.findMany({
      where: { proposalId: id },
      orderBy: { createdAt: "asc" },
      select: { id: true, depth: true, stance: true },
    });
    expect(depths).toEqual([
      { id: c1, depth: 0, stance: "FOR" },
      { id: c2, depth: 1, stance: "AGAINST" },
      { id: c3, depth: 2, stance: "NEUTRAL" },
    ]);
    // A reply to a comment of another proposal is refused.
    const other = await publish(citizen);
    expect(
      (
        await postForm(
          server,
          `/propuestas/${other}`,
          { intent: "comment", body: "Ajeno", parentId: c1 },
          { cookie: foro },
        )
      ).status,
    ).toBe(400);

    // Notifications: the reply reached the parent's author; the mention reached Rosa.
    const foroId = (await db.user.findUniqueOrThrow({ where: { email: "foro@minka.pe" } })).id;
    const kinds = (await db.notification.findMany({ where: { userId: foroId, proposalId: id } })).map((r) => r.kind);
    expect(kinds).toContain("reply");
    expect(kinds).toContain("mention");

    // Edit: only the author; the earlier text is kept.
    expect(
      (await postForm(server, path, { intent: "edit-comment", commentId: c1, body: "Ajeno" }, { cookie: empresa }))
        .status,
    ).toBe(403);
    expect(
      (
        await postForm(
          server,
          path,
          { intent: "edit-comment", commentId: c1, body: "Primer nivel, corregido" },
          { cookie: foro },
        )
      ).status,
    ).toBe(302);
    const html = await (await fetch(`${server.url}${path}`)).text();
    expect(html).toContain("Primer nivel, corregido");
    expect(html).toContain("1 versión anterior");
    expect(await db.commentRevision.count({ where: { commentId: c1 } })).toBe(1);

    // Delete: only the author; the text goes, the replies stay.
    expect(
      (await postForm(server, path, { intent: "delete-comment", commentId: c1 }, { cookie: citizen })).status,
    ).toBe(403);
    expect((await postForm(server, path, { intent: "delete-comment", commentId: c1 }, { cookie: foro })).status).toBe(
      302,
    );
    const after = await (await fetch(`${server.url}${path}`)).text();
    expect(after).not.toContain("Primer nivel, corregido");
    expect(after).toContain("Su autor o autora eliminó este comentario.");
    expect(after).toContain("Segundo nivel");
    expect(after).toContain("Tercer nivel");
    expect(
      (await postForm(server, path, { intent: "edit-comment", commentId: "nope", body: "x" }, { cookie: foro })).status,
    ).toBe(404);
    expect(await ledgerKinds(c1)).toEqual(["comment.posted", "comment.edited", "comment.deleted"]);
  });

  it("lets anyone logged in report and only moderators hide, with a reason recorded", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const admin = await login(server, "admin@minka.pe");
    const empresa = await login(server, "empresa@minka.pe");
    const id = await publish(citizen);
    const path = `/propuestas/${id}`;
    const posted = await postForm(
      server,
      path,
      { intent: "comment", body: "Un comentario ofensivo" },
      { cookie: empresa },
    );
    const commentId = posted.headers.get("location")!.split("#comentario-")[1]!;

    expect(
      (
        await postForm(
          server,
          path,
          { intent: "report-comment", commentId, reason: "Es ofensivo" },
          { cookie: citizen },
        )
      ).status,
    ).toBe(302);
    expect(
      (
        await postForm(
          server,
          path,
          { intent: "report-comment", commentId, reason: "Es ofensivo" },
          { cookie: citizen },
        )
      ).status,
    ).toBe(302);
    expect(
      (await postForm(server, path, { intent: "report-comment", commentId, reason: "Propio" }, { cookie: empresa }))
        .status,
    ).toBe(403);
    expect(await db.commentReport.count({ where: { commentId } })).toBe(1);

    // The moderators' queue lists it, for the secretariat only.
    const queue = await fetch(`${server.url}/moderacion`, { headers: { Cookie: admin } });
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain("Un comentario ofensivo");
    expect((await fetch(`${server.url}/moderacion`, { headers: { Cookie: citizen } })).status).toBe(403);
    expect((await fetch(`${server.url}/moderacion`, { redirect: "manual" })).status).toBe(302);

    const reason = "Lenguaje ofensivo contra una persona";
    expect(
      (await postForm(server, path, { intent: "hide-comment", commentId, reason }, { cookie: citizen })).status,
    ).toBe(403);
    const short = await postForm(
      server,
      path,
      { intent: "hide-comment", commentId, reason: "corta" },
      { cookie: admin },
    );
    expect(short.status).toBe(400);
    expect(
      (await postForm(server, path, { intent: "hide-comment", commentId, reason }, { cookie: admin })).status,
    ).toBe(302);
    const html = await (await fetch(`${server.url}${path}`)).text();
    expect(html).not.toContain("Un comentario ofensivo");
    expect(html).toContain(`Ocultado por moderación: ${reason}`);
    const act = await db.ledgerEntry.findFirstOrThrow({ where: { subjectId: commentId }, orderBy: { seq: "desc" } });
    expect(act.kind).toBe("content.hidden");
    expect(JSON.parse(act.data)).toEqual({ reason });
  });
});

describe("responses and withdrawal", () => {
  it("lets only the plan's team answer, with reasons, linking the commitment both ways", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const servant = await login(server, "servidor@minka.pe");
    const id = await publish(citizen);
    const path = `/propuestas/${id}`;
    const commitment = await db.commitment.findFirstOrThrow({ where: { planId: PLAN }, orderBy: { number: "asc" } });
    const reason = "Se incorpora como hito del compromiso, con datos agregados.";

    expect(
      (await postForm(server, path, { intent: "respond", status: "NOT_ACCEPTED", reason }, { cookie: citizen })).status,
    ).toBe(403);
    const noReason = await postForm(
      server,
      path,
      { intent: "respond", status: "NOT_ACCEPTED", reason: "" },
      { cookie: servant },
    );
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Escribe las razones");
    const noCommitment = await postForm(
      server,
      path,
      { intent: "respond", status: "ACCEPTED", reason },
      { cookie: servant },
    );
    expect(noCommitment.status).toBe(400);
    expect(await noCommitment.text()).toContain(reason);
    expect((await apiProposal(id)).status).toBe("PUBLISHED");

    const ok = await postForm(
      server,
      path,
      { intent: "respond", status: "ACCEPTED", reason, commitmentId: commitment.id },
      { cookie: servant },
    );
    expect(ok.status).toBe(302);
    const data = await apiProposal(id);
    expect(data).toMatchObject({
      status: "ACCEPTED",
      response: { status: "ACCEPTED", reason },
      commitment: { id: commitment.id },
    });
    const act = await db.ledgerEntry.findFirst({
      where: { subjectId: id },
      orderBy: { seq: "desc" },
      select: { kind: true, commitmentId: true },
    });
    expect(act).toEqual({ kind: "proposal.responded", commitmentId: commitment.id });
    const commitmentPage = await (await fetch(`${server.url}/compromisos/${commitment.id}`)).text();
    expect(commitmentPage).toContain(`/propuestas/${id}`);
    // The author was notified.
    const { authorId } = await db.proposal.findUniqueOrThrow({ where: { id } });
    expect(await db.notification.count({ where: { userId: authorId, kind: "response" } })).toBeGreaterThan(0);
    // Answered proposals cannot be withdrawn.
    expect((await postForm(server, path, { intent: "withdraw" }, { cookie: citizen })).status).toBe(400);
  });

  it("lets only the author withdraw", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const empresa = await login(server, "empresa@minka.pe");
    const id = await publish(citizen);
    expect((await postForm(server, `/propuestas/${id}`, { intent: "withdraw" }, { cookie: empresa })).status).toBe(403);
    expect((await postForm(server, `/propuestas/${id}`, { intent: "withdraw" }, { cookie: citizen })).status).toBe(302);
    expect((await apiProposal(id)).status).toBe("WITHDRAWN");
    expect((await postForm(server, `/propuestas/${id}`, { intent: "vote" }, { cookie: empresa })).status).toBe(400);
    expect(await ledgerKinds(id)).toEqual(["proposal.published", "proposal.withdrawn"]);
  });

  it("keeps the public record verifying after all of the above", async () => {
    const result = await verifyLedger(db);
    expect(result.ok).toBe(true);
  });
});

describe("notifications", () => {
  it("lists a person's notifications, marks them read, and refuses bad requests", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const empresa = await login(server, "empresa@minka.pe");
    const id = await publish(citizen);
    await postForm(
      server,
      `/propuestas/${id}`,
      { intent: "comment", body: "Un comentario para avisar" },
      { cookie: empresa },
    );
    const counter = async () =>
      (
        (await (await fetch(`${server.url}/notificaciones/contador`, { headers: { Cookie: citizen } })).json()) as {
          unread: number;
        }
      ).unread;
    const unread = await counter();
    expect(unread).toBeGreaterThan(0);
    const page = await (await fetch(`${server.url}/notificaciones`, { headers: { Cookie: citizen } })).text();
    expect(page).toContain("Nuevo comentario en «Una propuesta de prueba con título suficiente»");
    const notification = await db.notification.findFirstOrThrow({
      where: { proposalId: id, user: { email: "ciudadana@minka.pe" } },
    });
    // Someone else's notification is not found; a malformed request is refused.
    expect(
      (await postForm(server, "/notificaciones", { intent: "read", id: notification.id }, { cookie: empresa })).status,
    ).toBe(404);
    expect((await postForm(server, "/notificaciones", { intent: "burn" }, { cookie: citizen })).status).toBe(400);
    const read = await postForm(
      server,
      "/notificaciones",
      { intent: "read", id: notification.id, go: "1" },
      { cookie: citizen },
    );
    expect(read.status).toBe(302);
    expect(read.headers.get("location")).toMatch(new RegExp(`^/propuestas/${id}#comentario-`));
    expect(await counter()).toBe(unread - 1);
    expect((await postForm(server, "/notificaciones", { intent: "read-all" }, { cookie: citizen })).status).toBe(302);
    expect(await counter()).toBe(0);
    expect((await fetch(`${server.url}/notificaciones`, { redirect: "manual" })).status).toBe(302);
  });

  it("notifies the followers of a commitment of new comments on its draft", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    const academia = await login(server, "academia@minka.pe");
    const commitment = await db.commitment.findFirstOrThrow({ where: { planId: PLAN }, orderBy: { number: "desc" } });
    const path = `/compromisos/${commitment.id}/comentarios`;
    expect((await postForm(server, path, { intent: "follow" }, { cookie: citizen })).status).toBe(302);
    expect((await postForm(server, path, { intent: "follow" }, { cookie: citizen })).status).toBe(302);
    const posted = await postForm(
      server,
      path,
      { intent: "comment", body: "Sobre el borrador", stance: "FOR" },
      { cookie: academia },
    );
    expect(posted.status).toBe(302);
    const citizenId = (await db.user.findUniqueOrThrow({ where: { email: "ciudadana@minka.pe" } })).id;
    expect(
      await db.notification.count({ where: { userId: citizenId, kind: "comment", link: { startsWith: path } } }),
    ).toBe(1);
    expect(
      (await postForm(server, "/compromisos/nope/comentarios", { intent: "follow" }, { cookie: citizen })).status,
    ).toBe(404);
    const anchored = await postForm(
      server,
      path,
      {
        intent: "comment",
        body: "Ancla rota",
        anchorField: "problem",
        anchorStart: "%%%",
        anchorEnd: "x",
        anchorQuote: "y",
      },
      { cookie: academia },
    );
    expect(anchored.status).toBe(400);
  });
});
