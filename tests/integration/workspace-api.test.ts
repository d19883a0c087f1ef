import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE } from "~/collab/protocol.ts";
import { verifyLedger } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { databaseDigest, startSharedServer } from "../security/support.ts";
import { collabClients } from "../support/collab.ts";
import { login } from "../support/http.ts";
import type { RunningServer } from "../support/server.ts";
import { waitFor } from "../support/wait.ts";

// The workspace's JSON API against the real server (demo data): the session cookie and our
// Origin, 201 with the id, 200 for changes, 204 for a removal, 400 naming the field in error, 401,
// 403 and 404 — and every refused or malformed request leaves the database as it was. A team
// change through the API reaches an open editor at once, as the team page's does.

let server: RunningServer;
let admin: string;
let citizen: string;
const clients = collabClients();

beforeAll(async () => {
  server = await startSharedServer();
  [admin, citizen] = await Promise.all([login(server, "admin@minka.pe"), login(server, "ciudadana@minka.pe")]);
}, 120_000);

afterAll(async () => {
  clients.destroyAll();
  await server?.stop();
});

type Answer = { status: number; body: Record<string, unknown> | null };

async function call(
  method: string,
  path: string,
  body?: unknown,
  cookie: string | null = admin,
  raw?: string,
): Promise<Answer> {
  const headers: Record<string, string> = { Origin: server.origin };
  if (cookie) headers.Cookie = cookie;
  if (body !== undefined || raw !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** A request that must be refused with `status` (and `field`, for a 400) and change nothing. */
async function refused(
  method: string,
  path: string,
  body: unknown,
  status: number,
  field?: string,
  cookie: string | null = admin,
) {
  const before = await databaseDigest();
  const answer = await call(method, path, body, cookie);
  expect(answer.status, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`).toBe(status);
  const error = answer.body?.error as { status: number; message: string; field?: string };
  expect(error.status).toBe(status);
  expect(error.message.length).toBeGreaterThan(5);
  if (field !== undefined) expect(error.field).toBe(field);
  expect(await databaseDigest(), `${method} ${path}: the database changed`).toBe(before);
  return error;
}

const NEW_PLAN = {
  name: "Plan de Gobierno Abierto de Cusco",
  period: { start: 2028, end: 2030 },
  scope: "REGIONAL",
  territoryId: "08",
  themes: ["Turismo", "Agua"],
};

let planId: string;

describe("POST /api/v1/plans", () => {
  it("refuses visitors, non-secretaries, malformed JSON and bad fields, changing nothing", async () => {
    await refused("POST", "/api/v1/plans", NEW_PLAN, 401, undefined, null);
    await refused("POST", "/api/v1/plans", NEW_PLAN, 403, undefined, citizen);
    for (const raw of ["{", '{"name": "x",}', "[]", "null", '"plan"']) {
      const before = await databaseDigest();
      const answer = await call("POST", "/api/v1/plans", undefined, admin, raw);
      expect(answer.status, raw).toBe(400);
      expect((answer.body?.error as { message: string }).message).toMatch(/JSON/);
      expect(await databaseDigest()).toBe(before);
    }
    const form = await fetch(`${server.url}/api/v1/plans`, {
      method: "POST",
      headers: { Origin: server.origin, Cookie: admin, "Content-Type": "application/x-www-form-urlencoded" },
      body: "name=Plan",
    });
    expect(form.status).toBe(400);
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, name: undefined }, 400, "name");
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, period: { start: 2030, end: 2028 } }, 400, "period.end");
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, period: { start: "2028", end: 2030 } }, 400, "period.start");
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, scope: "GALACTIC" }, 400, "scope");
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, territoryId: undefined }, 400, "territoryId");
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, territoryId: "PE" }, 400, "territoryId");
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, themes: "Turismo" }, 400, "themes");
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, phase: "CLOSED" }, 400, "phase");
    await refused("POST", "/api/v1/plans", { ...NEW_PLAN, __proto__: { x: 1 }, constructor: "x" }, 400);
  });

  it("creates a plan: 201 with its id, readable with the same field names", async () => {
    const answer = await call("POST", "/api/v1/plans", NEW_PLAN);
    expect(answer.status).toBe(201);
    planId = answer.body!.id as string;
    expect(planId).toBe("plan-de-gobierno-abierto-de-cusco-2028-2030");
    const { data } = (await (await fetch(`${server.url}/api/v1/plans/${planId}`)).json()) as {
      data: Record<string, unknown>;
    };
    expect(data).toMatchObject({
      name: NEW_PLAN.name,
      period: NEW_PLAN.period,
      scope: "REGIONAL",
      territory: { id: "08", name: "Cusco" },
      themes: NEW_PLAN.themes,
      phase: "CO_CREATION",
      stage: "THEME_SELECTION",
    });
    const list = (await (await fetch(`${server.url}/api/v1/plans`)).json()) as {
      data: { id: string; stage: string }[];
    };
    expect(list.data.find((p) => p.id === planId)).toMatchObject({ stage: "THEME_SELECTION" });
  });
});

describe("PATCH /api/v1/plans/{planId}", () => {
  it("refuses bad edits as a whole: a refused part changes nothing, not even the parts before it", async () => {
    const path = `/api/v1/plans/${planId}`;
    await refused("PATCH", path, { summary: "x" }, 401, undefined, null);
    await refused("PATCH", path, { summary: "x" }, 403, undefined, citizen);
    await refused("PATCH", "/api/v1/plans/no-such-plan", { summary: "Un resumen" }, 404);
    await refused("PATCH", path, {}, 400);
    await refused("PATCH", path, { colour: "red" }, 400, "colour");
    await refused("PATCH", path, { stage: "CLOSING" }, 400, "stage");
    await refused("PATCH", path, { stage: "PROPOSALS", phase: "IMPLEMENTATION" }, 400, "stage");
    await refused("PATCH", path, { summary: "Un resumen nuevo", stage: "CLOSING" }, 400, "stage");
    await refused(
      "PATCH",
      path,
      { participationWindow: { opensAt: "2029-01-01", closesAt: "2029-02-01" } },
      400,
      "participationWindow.opensAt",
    );
    await refused(
      "PATCH",
      path,
      { participationWindow: { opensAt: "2029-02-01T00:00:00-05:00", closesAt: "2029-01-01T00:00:00-05:00" } },
      400,
      "participationWindow.closesAt",
    );
    await refused(
      "PATCH",
      path,
      { calendar: [{ stage: "PROPOSALS", start: "2029-02-30", end: "2029-03-01" }] },
      400,
      "calendar.0.start",
    );
    await refused(
      "PATCH",
      path,
      {
        calendar: [
          { stage: "PROPOSALS", start: "2029-02-01", end: "2029-03-01" },
          { stage: "PROPOSALS", start: "2029-04-01", end: "2029-05-01" },
        ],
      },
      400,
      "calendar",
    );
  });

  it("changes fields, stage, calendar and window in one request, each part recorded, and answers what changed", async () => {
    const path = `/api/v1/plans/${planId}`;
    const opensAt = new Date(Date.now() - 60_000).toISOString();
    const closesAt = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    const answer = await call("PATCH", path, {
      summary: "El plan regional del Cusco.",
      themes: ["Agua", "Turismo sostenible"],
      stage: "PROPOSALS",
      calendar: [{ stage: "PROPOSALS", start: "2028-02-01", end: "2028-03-31" }],
      participationWindow: { opensAt, closesAt },
    });
    expect(answer).toEqual({
      status: 200,
      body: { id: planId, changed: ["summary", "themes", "calendar", "stage", "participationWindow"] },
    });
    const { data } = (await (await fetch(`${server.url}${path}`)).json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      summary: "El plan regional del Cusco.",
      themes: ["Agua", "Turismo sostenible"],
      stage: "PROPOSALS",
      phase: "CO_CREATION",
      calendar: [{ stage: "PROPOSALS", start: "2028-02-01", end: "2028-03-31" }],
      participationWindow: { opensAt, closesAt },
    });
    expect(await call("PATCH", path, { summary: "El plan regional del Cusco." })).toEqual({
      status: 200,
      body: { id: planId, changed: [] },
    });
    expect((await call("PATCH", path, { participationWindow: null })).body).toEqual({
      id: planId,
      changed: ["participationWindow"],
    });
    expect((await call("PATCH", path, { phase: "IMPLEMENTATION" })).body).toEqual({ id: planId, changed: ["phase"] });
    const plan = await prisma().plan.findUniqueOrThrow({ where: { id: planId } });
    expect(plan).toMatchObject({ phase: "IMPLEMENTATION", stage: "IMPLEMENTATION", participationOpensAt: null });
    const kinds = (await prisma().ledgerEntry.findMany({ where: { subjectId: planId }, orderBy: { seq: "asc" } })).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual([
      "plan.created",
      "plan.changed",
      "plan.calendar",
      "plan.phase",
      "plan.window",
      "plan.window",
      "plan.phase",
    ]);
    // Back to co-creation for the commitments below.
    expect((await call("PATCH", path, { stage: "DRAFTING" })).status).toBe(200);
  });
});

let commitmentId: string;

describe("POST /api/v1/plans/{planId}/commitments", () => {
  it("refuses bad requests without a trace, then creates an empty draft and one from a proposal", async () => {
    const path = `/api/v1/plans/${planId}/commitments`;
    await refused("POST", path, { title: "Agua segura" }, 401, undefined, null);
    await refused("POST", path, { title: "Agua segura" }, 403, undefined, citizen);
    await refused("POST", "/api/v1/plans/no-such-plan/commitments", { title: "Agua segura" }, 404);
    await refused("POST", path, { title: "Agua" }, 400, "title");
    await refused("POST", path, { title: "Agua segura", fromProposalId: "no-such-proposal" }, 400, "fromProposalId");
    await refused(
      "POST",
      path,
      { title: "Agua segura", leadInstitutionId: "no-such-organisation" },
      400,
      "leadInstitutionId",
    );

    const empty = await call("POST", path, { title: "Agua segura para cada comunidad" });
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ number: 1 });
    commitmentId = empty.body!.id as string;

    const author = await prisma().user.findUniqueOrThrow({ where: { email: "ciudadana@minka.pe" } });
    const proposal = await prisma().proposal.create({
      data: {
        planId,
        authorId: author.id,
        title: "Rutas turísticas con datos abiertos",
        body: "Publicar los datos de visitas a cada ruta turística del Cusco.",
        searchText: "rutas turisticas con datos abiertos",
      },
    });
    const fromProposal = await call("POST", path, { title: "Turismo con datos abiertos", fromProposalId: proposal.id });
    expect(fromProposal.status).toBe(201);
    expect(await prisma().proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({
      status: "ACCEPTED",
      commitmentId: fromProposal.body!.id,
    });
    const list = (await (await fetch(`${server.url}${path}`)).json()) as {
      data: { id: string; number: number; proposalCount: number }[];
    };
    expect(list.data.map((c) => [c.number, c.proposalCount])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });
});

/** An editor of the commitment's draft (the stock y-websocket client, as the browser runs it). */
const connect = (cookie: string) => clients.connect(server, `commitment/${commitmentId}`, cookie);

function addParagraph(doc: Y.Doc, text: string) {
  const fragment = doc.getXmlFragment("prose:problem");
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

describe("PUT and DELETE /api/v1/commitments/{commitmentId}/team/{userId}", () => {
  it("forms the team with roles; the person's open editor turns read-write and back to read-only", async () => {
    const member = await prisma().user.findUniqueOrThrow({ where: { email: "foro@minka.pe" } });
    const servant = await prisma().user.findUniqueOrThrow({ where: { email: "servidor@minka.pe" } });
    const path = `/api/v1/commitments/${commitmentId}/team/${member.id}`;
    await refused("PUT", path, { role: "MEMBER" }, 401, undefined, null);
    await refused("PUT", path, { role: "MEMBER" }, 403, undefined, citizen);
    await refused("PUT", path, { role: "BOSS" }, 400, "role");
    await refused("PUT", path, {}, 400, "role");
    await refused("PUT", path, { role: "GOVERNMENT_CO_LEAD" }, 400, "role");
    await refused(
      "PUT",
      `/api/v1/commitments/${commitmentId}/team/${servant.id}`,
      { role: "CIVIL_SOCIETY_CO_LEAD" },
      400,
      "role",
    );
    await refused("PUT", `/api/v1/commitments/${commitmentId}/team/nobody`, { role: "MEMBER" }, 404);
    await refused("PUT", `/api/v1/commitments/no-such-commitment/team/${member.id}`, { role: "MEMBER" }, 404);
    await refused("DELETE", path, undefined, 404);
    expect((await fetch(`${server.url}${path}`)).status).toBe(404);

    const writer = connect(await login(server, "servidor@minka.pe"));
    const editor = connect(await login(server, "foro@minka.pe"));
    expect(
      (await call("PUT", `/api/v1/commitments/${commitmentId}/team/${servant.id}`, { role: "GOVERNMENT_CO_LEAD" }))
        .status,
    ).toBe(201);
    await Promise.all([writer.synced(), editor.synced()]);
    const text = () => writer.doc.getXmlFragment("prose:problem").toString();
    addParagraph(editor.doc, "Antes de formar parte del equipo");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(text()).not.toContain("Antes de formar parte del equipo");

    expect(await call("PUT", path, { role: "CIVIL_SOCIETY_CO_LEAD" })).toEqual({
      status: 201,
      body: { id: member.id, role: "CIVIL_SOCIETY_CO_LEAD" },
    });
    await waitFor(() => editor.closes.includes(CLOSE.PERMISSIONS_CHANGED.code), "permissions changed", 5_000);
    await waitFor(() => editor.provider.synced && editor.provider.wsconnected, "reconnected", 10_000);
    addParagraph(editor.doc, "Escrito por la co-líder de la sociedad civil");
    await waitFor(
      () => text().includes("Escrito por la co-líder de la sociedad civil"),
      "the co-lead's words reach the team",
    );

    const { data } = (await (await fetch(`${server.url}${path}`)).json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({ userId: member.id, role: "CIVIL_SOCIETY_CO_LEAD", sector: "CIVIL_SOCIETY" });
    const closesBefore = editor.closes.length;
    expect(await call("PUT", path, { role: "MEMBER" })).toEqual({
      status: 200,
      body: { id: member.id, role: "MEMBER" },
    });
    expect(await call("PUT", path, { role: "MEMBER" })).toEqual({
      status: 200,
      body: { id: member.id, role: "MEMBER" },
    });
    const team = (await (await fetch(`${server.url}/api/v1/commitments/${commitmentId}/team`)).json()) as {
      data: { userId: string; role: string }[];
    };
    expect(team.data.map((m) => [m.userId, m.role])).toEqual([
      [servant.id, "GOVERNMENT_CO_LEAD"],
      [member.id, "MEMBER"],
    ]);
    // A role change is not an access change: the editor stays connected.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(editor.closes.length).toBe(closesBefore);

    expect(await call("DELETE", path)).toEqual({ status: 204, body: null });
    await waitFor(() => editor.closes.length > closesBefore, "closed again", 5_000);
    await waitFor(() => editor.provider.synced && editor.provider.wsconnected, "reconnected read-only", 10_000);
    addParagraph(editor.doc, "Después de dejar el equipo");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(text()).not.toContain("Después de dejar el equipo");
    await refused("DELETE", path, undefined, 404);

    const acts = (await prisma().ledgerEntry.findMany({ where: { commitmentId }, orderBy: { seq: "asc" } })).map(
      (e) => [e.kind, JSON.parse(e.data)],
    );
    expect(acts).toEqual([
      ["commitment.created", expect.objectContaining({ planId, number: 1 })],
      ["commitment.team_joined", { member: servant.id, role: "GOVERNMENT_CO_LEAD" }],
      ["commitment.team_joined", { member: member.id, role: "CIVIL_SOCIETY_CO_LEAD" }],
      ["commitment.team_role", { member: member.id, from: "CIVIL_SOCIETY_CO_LEAD", to: "MEMBER" }],
      ["commitment.team_left", { member: member.id, role: "MEMBER" }],
    ]);
    expect((await verifyLedger()).ok).toBe(true);
  });

  it("answers methods a route does not take with 405", async () => {
    expect((await call("PATCH", `/api/v1/commitments/${commitmentId}/team/x`, { role: "MEMBER" })).status).toBe(405);
    expect((await call("DELETE", "/api/v1/plans", {})).status).toBe(405);
  });
});
