import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { hashPassword } from "~/utils/password.server.ts";
import { databaseDigest, PASSWORD, register, startSharedServer } from "../security/support.ts";
import { postForm } from "../support/http.ts";
import { enrolAtLogin } from "../support/second-factor.ts";
import type { RunningServer } from "../support/server.ts";

// The secretariat's workspace over HTTP, as a browser without JavaScript uses it, on a production
// database with no demo data: the first administrator (inserted as `admin:create` will) creates a
// plan, edits it (its history kept), moves it along the cycle, sets its calendar and opens its
// participation window (a citizen then proposes and supports); registers and verifies
// organisations; accepts the citizen's proposal into a new commitment with a lead institution;
// and forms its team with a civil-society co-lead. Every act is in the public record, without an
// email address; every refused or malformed form changes nothing.

let server: RunningServer;
let admin: string;
let citizen: { email: string; id: string; cookie: string };
let activist: { email: string; id: string; cookie: string };
let servant: { email: string; id: string; cookie: string };
const ADMIN_EMAIL = "secretaria@gobierno.example.pe";

beforeAll(async () => {
  server = await startSharedServer({ MINKA_DEMO: "0" });
  await prisma().user.create({
    data: {
      email: ADMIN_EMAIL,
      name: "Secretaría de Gobierno Digital",
      role: "ADMIN",
      passwordHash: await hashPassword(PASSWORD),
    },
  });
  // An administrator's first login enrols their second factor (docs/decisions/023).
  admin = (await enrolAtLogin(server, ADMIN_EMAIL, PASSWORD)).cookie;
  citizen = await register(server, "Vecina de Trujillo");
  activist = await register(server, "Activista de Datos Abiertos");
  servant = await register(server, "Servidora Pública");
  await prisma().user.update({ where: { id: servant.id }, data: { role: "PUBLIC_SERVANT" } });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const page = async (path: string, cookie?: string) => {
  const response = await fetch(`${server.url}${path}`, {
    headers: cookie ? { Cookie: cookie } : {},
    redirect: "manual",
  });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
};

/** Posts a form that must be refused with `status`, and checks that nothing changed. */
async function refused(path: string, fields: Record<string, string>, status: number, cookie = admin) {
  const before = await databaseDigest();
  const response = await postForm(server, path, fields, { cookie });
  expect(response.status, `${path} ${JSON.stringify(fields)}`).toBe(status);
  const html = await response.text();
  expect(await databaseDigest(), `${path}: the database changed`).toBe(before);
  return html;
}

async function done(path: string, fields: Record<string, string>, cookie = admin) {
  const response = await postForm(server, path, fields, { cookie });
  expect(response.status, `${path} ${JSON.stringify(fields)}: ${await response.clone().text()}`).toBe(302);
  return response.headers.get("location")!;
}

const PLAN_FORM = {
  name: "V Plan de Acción de Gobierno Abierto",
  ordinal: "V",
  periodStart: "2029",
  periodEnd: "2031",
  scope: "NATIONAL",
  territoryId: "",
  summary: "El plan que co-creamos desde cero.",
  themes: "Salud\nEducación\nIntegridad",
};

let planId: string;

describe("the secretariat's workspace", () => {
  it("is the administrators': others are refused, and the chrome links it only for them", async () => {
    expect((await page("/administracion")).location).toMatch(/^\/ingresar\?redirectTo=/);
    expect((await page("/administracion", citizen.cookie)).status).toBe(403);
    const workspace = await page("/administracion", admin);
    expect(workspace.status).toBe(200);
    expect(workspace.html).toContain("Espacio de la Secretaría");
    expect(workspace.html).toContain("Todavía no hay planes.");
    expect(workspace.html).toContain('href="/administracion"');
    expect((await page("/", citizen.cookie)).html).not.toContain('href="/administracion"');
    expect((await page("/administracion/planes/nuevo", admin)).html).toContain("Perú (plan nacional)");
  });

  it("creates a plan from nothing; malformed or refused forms change nothing", async () => {
    const path = "/administracion/planes/nuevo";
    const bad = await refused(path, { ...PLAN_FORM, name: "V", periodEnd: "2027" }, 400);
    expect(bad).toContain("El nombre debe tener al menos 5 caracteres.");
    expect(bad).toContain("El año de fin no puede ser anterior al de inicio.");
    expect(bad).toContain('aria-invalid="true"');
    expect(await refused(path, { ...PLAN_FORM, scope: "REGIONAL" }, 400)).toContain(
      "Elige el territorio de un plan regional o local.",
    );
    await refused(path, { ...PLAN_FORM, scope: "GALACTIC" }, 400);
    await refused(path, PLAN_FORM, 403, citizen.cookie);
    const anonymous = await postForm(server, path, PLAN_FORM);
    expect(anonymous.headers.get("location")).toMatch(/^\/ingresar/);

    const location = await done(path, PLAN_FORM);
    expect(location).toBe("/administracion/planes/v-plan-de-accion-de-gobierno-abierto-2029-2031?hecho=creado");
    planId = location.split("/")[3]!.split("?")[0]!;
    const edit = await page(`/administracion/planes/${planId}?hecho=creado`, admin);
    expect(edit.html).toContain("Se creó el plan y quedó en el registro público.");
    const api = (await (await fetch(`${server.url}/api/v1/plans/${planId}`)).json()) as {
      data: Record<string, unknown>;
    };
    expect(api.data).toMatchObject({
      name: PLAN_FORM.name,
      period: { start: 2029, end: 2031 },
      scope: "NATIONAL",
      territory: { id: "PE", name: "Perú" },
      phase: "CO_CREATION",
      stage: "THEME_SELECTION",
      themes: ["Salud", "Educación", "Integridad"],
      participationWindow: null,
    });
    expect((await page(`/planes/${planId}`)).status).toBe(200);
  });

  it("edits the plan and keeps the history of each change on its pages", async () => {
    const path = `/administracion/planes/${planId}`;
    await refused(path, { intent: "details", ...PLAN_FORM, periodStart: "1999" }, 400);
    await refused(path, { intent: "details", ...PLAN_FORM }, 403, citizen.cookie);
    await refused(path, { intent: "nonsense" }, 400);
    expect(
      (
        await postForm(
          server,
          "/administracion/planes/no-such-plan",
          { intent: "details", ...PLAN_FORM },
          { cookie: admin },
        )
      ).status,
    ).toBe(404);
    expect(await done(path, { intent: "details", ...PLAN_FORM })).toBe(`${path}?hecho=sin-cambios`);
    expect(
      await done(path, {
        intent: "details",
        ...PLAN_FORM,
        summary: "Un plan co-creado con las regiones.",
        themes: "Salud\nIntegridad\nAmbiente",
      }),
    ).toBe(`${path}?hecho=datos`);
    const edited = await page(path, admin);
    expect(edited.html).toContain("Historial de cambios");
    expect(edited.html).toContain("El plan que co-creamos desde cero.");
    expect(edited.html).toContain("Un plan co-creado con las regiones.");
    const publicPage = await page(`/planes/${planId}`);
    expect(publicPage.html).toContain("Historial de cambios");
    expect(publicPage.html).toContain("Ambiente");
  });

  it("moves the plan along the cycle, sets its calendar and opens participation, which citizens then use", async () => {
    const path = `/administracion/planes/${planId}`;
    await refused(path, { intent: "stage", stage: "CLOSING" }, 400);
    await refused(path, { intent: "stage", stage: "NOWHERE" }, 400);
    expect(await done(path, { intent: "stage", stage: "PROPOSALS" })).toBe(`${path}?hecho=etapa`);

    const calendar = await refused(
      path,
      { intent: "calendar", "calendar.PROPOSALS.start": "2029-03-01", "calendar.PROPOSALS.end": "2029-02-01" },
      400,
    );
    expect(calendar).toContain("La fecha final no puede ser anterior a la inicial.");
    await refused(path, { intent: "calendar", "calendar.DRAFTING.start": "2029-05-01" }, 400);
    expect(
      await done(path, {
        intent: "calendar",
        "calendar.THEME_SELECTION.start": "2029-01-05",
        "calendar.THEME_SELECTION.end": "2029-02-15",
        "calendar.PROPOSALS.start": "2029-02-16",
        "calendar.PROPOSALS.end": "2029-04-30",
      }),
    ).toBe(`${path}?hecho=calendario`);

    await refused(path, { intent: "window", opensAt: "2030-01-01T09:00", closesAt: "2029-01-01T09:00" }, 400);
    await refused(path, { intent: "window", opensAt: "mañana", closesAt: "2029-01-01T09:00" }, 400);
    const opensAt = new Date(Date.now() - 60 * 60 * 1000);
    const closesAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
    const lima = (date: Date) => new Date(date.getTime() - 5 * 60 * 60 * 1000).toISOString().slice(0, 16);
    expect(await done(path, { intent: "window", opensAt: lima(opensAt), closesAt: lima(closesAt) })).toBe(
      `${path}?hecho=participacion`,
    );
    expect((await page(path, admin)).html).toContain("Abierto ahora");

    // A citizen proposes to the new plan and supports the proposal while the window is open.
    const published = await postForm(
      server,
      "/propuestas/nueva",
      {
        planId,
        title: "Datos abiertos de las postas de salud",
        body: "Publicar en formatos abiertos los datos de atención de las postas de salud de cada región.",
      },
      { cookie: citizen.cookie },
    );
    expect(published.status, await published.clone().text()).toBe(302);
    const proposalId = published.headers.get("location")!.split("/")[2]!.split("?")[0]!;
    expect(
      (await postForm(server, `/propuestas/${proposalId}`, { intent: "vote" }, { cookie: activist.cookie })).status,
    ).toBe(302);
    expect(await prisma().proposalVote.count({ where: { proposalId } })).toBe(1);
  });

  it("registers and verifies organisations", async () => {
    const path = "/administracion/organizaciones/nueva";
    const form = {
      name: "Colectivo Datos Abiertos",
      acronym: "CDA",
      kind: "ORGANIZATION",
      sector: "CIVIL_SOCIETY",
      territoryId: "13",
      description: "",
    };
    await refused(path, { ...form, kind: "INSTITUTION" }, 400);
    await refused(path, { ...form, name: "" }, 400);
    await refused(path, form, 403, citizen.cookie);
    const location = await done(path, form);
    expect(location).toMatch(/^\/administracion\/organizaciones\/[a-z0-9]+\?hecho=registrada$/);
    const organizationPath = location.split("?")[0]!;
    expect(await refused(path, form, 400)).toContain("Ya hay una organización registrada con ese nombre.");
    expect(await done(organizationPath, { ...form, verified: "on" })).toBe(`${organizationPath}?hecho=guardada`);
    const described = { ...form, verified: "on", description: "Datos para todas las regiones." };
    expect(await done(organizationPath, described)).toBe(`${organizationPath}?hecho=guardada`);
    expect(await done(organizationPath, described)).toBe(`${organizationPath}?hecho=sin-cambios`);
    expect((await page(organizationPath, admin)).html).toContain("Verificada el");
    const organizationId = organizationPath.split("/")[3]!;
    await prisma().membership.create({ data: { userId: activist.id, organizationId } });

    const ministry = await done(path, {
      name: "Ministerio de Salud",
      acronym: "MINSA",
      kind: "INSTITUTION",
      sector: "PUBLIC_SECTOR",
      territoryId: "",
      description: "",
      verified: "on",
    });
    expect(ministry).toMatch(/hecho=registrada$/);
    expect((await page("/administracion/organizaciones", admin)).html).toContain("Ministerio de Salud (MINSA)");
  });

  it("accepts the proposal into a new commitment with its lead institution, and forms a team across sectors", async () => {
    const path = `/administracion/planes/${planId}/compromisos`;
    const proposal = await prisma().proposal.findFirstOrThrow({ where: { planId } });
    const ministry = await prisma().organization.findFirstOrThrow({ where: { acronym: "MINSA" } });
    const civil = await prisma().organization.findFirstOrThrow({ where: { acronym: "CDA" } });
    const commitmentsPage = await page(path, admin);
    expect(commitmentsPage.html).toContain("Datos abiertos de las postas de salud");
    await refused(path, { title: "Salud", leadInstitutionId: civil.id }, 400);
    expect(await refused(path, { title: "Salud abierta", leadInstitutionId: civil.id }, 400)).toContain(
      "La institución responsable debe ser una institución pública.",
    );
    await refused(path, { title: "Salud abierta", fromProposalId: "no-such-proposal" }, 400);
    await refused(path, { title: "Salud abierta" }, 403, servant.cookie);

    const location = await done(path, {
      title: "Datos abiertos de salud para cada región",
      fromProposalId: proposal.id,
      reason: "La propuesta recoge una demanda de todas las regiones y cabe en el plan.",
      leadInstitutionId: ministry.id,
    });
    expect(location).toMatch(/^\/compromisos\/[a-z0-9]+\/equipo\?hecho=compromiso-creado$/);
    const commitmentId = location.split("/")[2]!;
    expect(await prisma().proposal.findUniqueOrThrow({ where: { id: proposal.id } })).toMatchObject({
      status: "ACCEPTED",
      commitmentId,
      responseReason: "La propuesta recoge una demanda de todas las regiones y cabe en el plan.",
    });
    expect((await page(`/compromisos/${commitmentId}`)).html).toContain("Datos abiertos de salud para cada región");
    // Its lineage continues: the proposal's acts (publication, support, acceptance) are the commitment's now.
    const lineage = (await page(`/compromisos/${commitmentId}/trazabilidad`)).html;
    expect(lineage).toContain(proposal.id);
    expect(lineage).toContain("Respuesta razonada a la propuesta");
    expect(lineage).toContain("Compromiso creado");
    expect((await page(`/compromisos/${commitmentId}/editar`)).status).toBe(200);

    const team = `/compromisos/${commitmentId}/equipo`;
    expect(
      await refused(team, { intent: "team-add", email: servant.email, role: "CIVIL_SOCIETY_CO_LEAD" }, 400),
    ).toContain("Para co-liderar por la sociedad civil");
    expect(
      await refused(team, { intent: "team-add", email: activist.email, role: "GOVERNMENT_CO_LEAD" }, 400),
    ).toContain("Para co-liderar por el Gobierno");
    await refused(team, { intent: "team-add", email: activist.email, role: "CHIEF" }, 400);
    expect(await done(team, { intent: "team-add", email: activist.email, role: "CIVIL_SOCIETY_CO_LEAD" })).toBe(
      `${team}?hecho=incorporada`,
    );
    expect(await done(team, { intent: "team-add", email: servant.email, role: "GOVERNMENT_CO_LEAD" })).toBe(
      `${team}?hecho=incorporada`,
    );
    expect(await done(team, { intent: "team-add", email: citizen.email })).toBe(`${team}?hecho=incorporada`);
    await refused(team, { intent: "team-role", userId: citizen.id, role: "GOVERNMENT_CO_LEAD" }, 400);
    await refused(team, { intent: "team-role", userId: "nobody", role: "MEMBER" }, 400);
    expect(await done(team, { intent: "team-role", userId: citizen.id, role: "CIVIL_SOCIETY_CO_LEAD" })).toBe(
      `${team}?hecho=rol`,
    );
    const shown = (await page(team)).html;
    expect(shown).toContain("Co-líder por la sociedad civil");
    expect(shown).toContain("Co-líder por el Gobierno");
    expect(shown).toContain("Sociedad civil");
    expect(
      (await prisma().commitmentTeamMember.findMany({ where: { commitmentId }, orderBy: { createdAt: "asc" } })).map(
        (m) => m.role,
      ),
    ).toEqual(["CIVIL_SOCIETY_CO_LEAD", "GOVERNMENT_CO_LEAD", "CIVIL_SOCIETY_CO_LEAD"]);
  });

  it("recorded every act in the public record, by id and never by email address; the chain verifies", async () => {
    const entries = await prisma().ledgerEntry.findMany({ orderBy: { seq: "asc" } });
    const kinds = entries.map((e) => e.kind);
    for (const kind of [
      "plan.created",
      "plan.changed",
      "plan.phase",
      "plan.calendar",
      "plan.window",
      "organization.created",
      "organization.changed",
      "organization.verified",
      "commitment.created",
      "proposal.responded",
      "commitment.team_joined",
      "commitment.team_role",
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const joined = entries.filter((e) => e.kind === "commitment.team_joined").map((e) => JSON.parse(e.data));
    expect(joined).toContainEqual({ member: activist.id, role: "CIVIL_SOCIETY_CO_LEAD" });
    const text = JSON.stringify(entries);
    for (const email of [ADMIN_EMAIL, citizen.email, activist.email, servant.email]) expect(text).not.toContain(email);
    expect(text).not.toMatch(/@/);
    expect((await verifyLedger()).ok).toBe(true);
  });
});
