import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { cookiesFrom, login, postForm } from "../support/http.ts";
import { type RunningServer } from "../support/server.ts";
import {
  PASSWORD,
  collabSocket,
  connected,
  demoCommitmentId,
  liveSocket,
  register,
  startSharedServer,
} from "../security/support.ts";

// Personal-data rights (Ley 29733) against the real server: "Mis datos" behind a fresh login with
// links that expire and serve only their owner, and account deletion that erases personal data,
// ends every session and live connection at once, keeps contributions under "participante
// eliminado", and leaves the public record verifying.

let server: RunningServer;

beforeAll(async () => {
  server = await startSharedServer();
});

afterAll(async () => {
  await server?.stop();
});

function downloadLinks(html: string): { json: string; csv: string } {
  const links = [...html.matchAll(/href="(\/cuenta\/mis-datos\/descarga\?[^"]+)"/g)].map((m) =>
    m[1]!.replaceAll("&amp;", "&"),
  );
  return { json: links.find((l) => l.includes("formato=json"))!, csv: links.find((l) => l.includes("formato=csv"))! };
}

describe("Mis datos", () => {
  it("gives a fresh login a 15-minute link to the person's own data, in JSON and CSV", async () => {
    const ana = await register(server, "Ana Export");
    const page = await fetch(`${server.url}/cuenta/mis-datos`, { headers: { Cookie: ana.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Preparar la descarga");

    const prepared = await postForm(server, "/cuenta/mis-datos", { intent: "prepare" }, { cookie: ana.cookie });
    expect(prepared.status).toBe(200);
    const links = downloadLinks(await prepared.text());
    expect(links.json).toBeDefined();
    const stored = await prisma().dataExportLink.findFirstOrThrow({ where: { userId: ana.id } });
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
    // Only the hash of the token is stored.
    const token = new URL(links.json, server.url).searchParams.get("token")!;
    expect(JSON.stringify(await prisma().dataExportLink.findMany())).not.toContain(token);

    const json = await fetch(`${server.url}${links.json}`, { headers: { Cookie: ana.cookie } });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-disposition")).toMatch(/^attachment; filename="minka-mis-datos-.*\.json"$/);
    expect(json.headers.get("cache-control")).toBe("no-store");
    const data = (await json.json()) as { personId: string; sections: Record<string, Record<string, unknown>[]> };
    expect(data.personId).toBe(ana.id);
    expect(Object.keys(data.sections)).toEqual([
      "profile",
      "memberships",
      "consents",
      "sessions",
      "draftingTeams",
      "forumMemberships",
      "coDrafting",
      "versionsCreated",
      "activity",
      "publicRecord",
      "proposals",
      "proposalVotes",
      "endorsements",
      "comments",
      "commentReports",
      "follows",
      "notifications",
      "forumAttendance",
      "forumVotes",
      "progressReports",
      "goodPractices",
      "secondFactor",
    ]);
    expect(data.sections.secondFactor).toEqual([{ enabled: false, recoveryCodesUnused: 0, recoveryCodesUsed: 0 }]);
    expect(data.sections.profile).toEqual([
      expect.objectContaining({ id: ana.id, email: ana.email, name: "Ana Export" }),
    ]);
    expect(data.sections.consents).toEqual([expect.objectContaining({ granted: true, policyVersion: "2026-11-01" })]);
    expect(data.sections.sessions!.length).toBeGreaterThan(0);
    // Sessions without ids or secrets: nothing in the download can act as the person.
    const [sessionId, secret] = ana.cookie.replace("minka_session=", "").split(".");
    const raw = JSON.stringify(data);
    expect(raw).not.toContain(sessionId);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain("passwordHash");
    expect(raw).not.toContain("argon2");

    const csv = await fetch(`${server.url}${links.csv}`, { headers: { Cookie: ana.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await csv.text();
    expect(text).toContain('"section","item","field","value"');
    expect(text).toContain(`"profile","1","email","${ana.email}"`);
  });

  it("refuses another person's link, and never serves anyone else's data", async () => {
    const owner = await register(server, "Dueña del Enlace");
    const other = await register(server, "Otra Persona");
    const prepared = await postForm(server, "/cuenta/mis-datos", { intent: "prepare" }, { cookie: owner.cookie });
    const { json } = downloadLinks(await prepared.text());

    const foreign = await fetch(`${server.url}${json}`, { headers: { Cookie: other.cookie } });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).not.toContain(owner.email);
    // A person id in the query changes nothing: the download is always one's own.
    const own = await postForm(server, "/cuenta/mis-datos", { intent: "prepare" }, { cookie: other.cookie });
    const otherLinks = downloadLinks(await own.text());
    const sneaky = await fetch(`${server.url}${otherLinks.json}&userId=${owner.id}&personId=${owner.id}`, {
      headers: { Cookie: other.cookie },
    });
    expect(sneaky.status).toBe(200);
    const body = await sneaky.text();
    expect(body).toContain(other.email);
    expect(body).not.toContain(owner.email);
    const anonymous = await fetch(`${server.url}${json}`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/ingresar/);
    const made = await fetch(`${server.url}/cuenta/mis-datos/descarga?token=made-up&formato=json`, {
      headers: { Cookie: owner.cookie },
    });
    expect(made.status).toBe(403);
  });

  it("asks for the password again after 10 minutes, and expires links after 15", async () => {
    const bea = await register(server, "Bea Reauth");
    const sessionId = bea.cookie.replace("minka_session=", "").split(".")[0]!;
    await prisma().session.update({
      where: { id: sessionId },
      data: { lastVerifiedAt: new Date(Date.now() - 11 * 60 * 1000) },
    });
    const page = await (await fetch(`${server.url}/cuenta/mis-datos`, { headers: { Cookie: bea.cookie } })).text();
    expect(page).toContain("Confirma que eres tú");
    expect(page).not.toContain("Preparar la descarga");
    const stale = await postForm(server, "/cuenta/mis-datos", { intent: "prepare" }, { cookie: bea.cookie });
    expect(stale.status).toBe(403);
    expect(await prisma().dataExportLink.count({ where: { userId: bea.id } })).toBe(0);

    const wrong = await postForm(
      server,
      "/cuenta/mis-datos",
      { intent: "reauth", password: "not the password" },
      { cookie: bea.cookie },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("La contraseña no es correcta.");
    expect(await prisma().dataExportLink.count({ where: { userId: bea.id } })).toBe(0);

    const right = await postForm(
      server,
      "/cuenta/mis-datos",
      { intent: "reauth", password: PASSWORD },
      { cookie: bea.cookie },
    );
    expect(right.status).toBe(200);
    const { json } = downloadLinks(await right.text());
    expect((await fetch(`${server.url}${json}`, { headers: { Cookie: bea.cookie } })).status).toBe(200);

    await prisma().dataExportLink.updateMany({
      where: { userId: bea.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await fetch(`${server.url}${json}`, { headers: { Cookie: bea.cookie }, redirect: "manual" });
    expect(expired.status).toBe(302);
    expect(expired.headers.get("location")).toBe("/cuenta/mis-datos?enlace=caducado");
  });
});

describe("account deletion", () => {
  it("erases personal data, ends every session and live connection, keeps contributions as «participante eliminado»", async () => {
    const commitmentId = await demoCommitmentId(server, 0);
    const carla = await register(server, "Carla Borrable");
    const organization = await prisma().organization.findFirstOrThrow({ where: { slug: "demo-colectivo-ciudadano" } });
    await prisma().membership.create({ data: { userId: carla.id, organizationId: organization.id } });
    await prisma().commitmentTeamMember.create({ data: { commitmentId, userId: carla.id } });
    await prisma().user.update({ where: { id: carla.id }, data: { territoryId: "13" } });
    const version = await postForm(
      server,
      `/compromisos/${commitmentId}/historial`,
      { intent: "create-version", name: "Versión de Carla" },
      { cookie: carla.cookie },
    );
    expect(version.status).toBe(302);
    const otherSession = await login(server, carla.email, PASSWORD);

    // Live connections of both sessions: socket.io and a read-write collab websocket.
    const socket = liveSocket(server, otherSession);
    await connected(socket);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));
    const collab = collabSocket(server, `commitment/${commitmentId}`, carla.cookie);
    await collab.opened;

    const missingConfirm = await postForm(
      server,
      "/cuenta",
      { intent: "delete-account", password: PASSWORD },
      { cookie: carla.cookie },
    );
    expect(missingConfirm.status).toBe(400);
    const wrong = await postForm(
      server,
      "/cuenta",
      { intent: "delete-account", password: "not the password", confirm: "on" },
      { cookie: carla.cookie },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("La contraseña no es correcta.");
    expect(await prisma().user.findUniqueOrThrow({ where: { id: carla.id } })).toMatchObject({
      name: "Carla Borrable",
      erasedAt: null,
    });

    const ledgerBefore = await prisma().ledgerEntry.count();
    const erased = await postForm(
      server,
      "/cuenta",
      { intent: "delete-account", password: PASSWORD, confirm: "on" },
      { cookie: carla.cookie },
    );
    expect(erased.status).toBe(302);
    expect(erased.headers.get("location")).toBe("/cuenta-eliminada");
    expect(erased.headers.getSetCookie()[0]).toMatch(/minka_session=;/);

    // Every live connection ends at once.
    expect(await disconnected).toBe("io server disconnect");
    expect(await collab.closed).toBe(4509);
    socket.close();
    for (const cookie of [carla.cookie, otherSession]) {
      const account = await fetch(`${server.url}/cuenta`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(account.status).toBe(302);
    }

    const user = await prisma().user.findUniqueOrThrow({ where: { id: carla.id } });
    expect(user).toMatchObject({
      name: "participante eliminado",
      email: `eliminado-${carla.id}@cuenta-eliminada.invalid`,
      territoryId: null,
    });
    expect(user.erasedAt).not.toBeNull();
    expect(user.passwordHash.startsWith("$argon2")).toBe(false);
    expect(await prisma().membership.count({ where: { userId: carla.id } })).toBe(0);
    expect(await prisma().commitmentTeamMember.count({ where: { userId: carla.id } })).toBe(0);
    expect(await prisma().session.count({ where: { userId: carla.id } })).toBe(0);
    const consents = await prisma().consent.findMany({ where: { userId: carla.id }, orderBy: { createdAt: "asc" } });
    expect(consents.map((c) => c.granted)).toEqual([true, false]);
    const last = await prisma().ledgerEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ kind: "account.erased", subjectType: "user", subjectId: carla.id, actorId: carla.id });
    expect(await prisma().ledgerEntry.count()).toBe(ledgerBefore + 1);
    expect(JSON.stringify(await prisma().ledgerEntry.findMany())).not.toContain("Carla");

    // The contribution stays, credited to «participante eliminado».
    const history = await (await fetch(`${server.url}/compromisos/${commitmentId}/historial`)).text();
    expect(history).toContain("Versión de Carla");
    expect(history).toContain("participante eliminado");
    expect(history).not.toContain("Carla Borrable");

    // The old credentials open nothing; the record verifies.
    const relogin = await postForm(server, "/ingresar", { email: carla.email, password: PASSWORD });
    expect(relogin.status).toBe(400);
    expect(relogin.headers.getSetCookie()).toEqual([]);
    const verify = spawnSync(process.execPath, ["--import", "tsx", "scripts/ledger-verify.ts"], {
      env: { ...process.env, DATABASE_URL: server.databaseUrl },
      encoding: "utf8",
    });
    expect(verify.status, verify.stderr).toBe(0);
    expect(cookiesFrom(erased)).toBe("minka_session=");
  }, 60_000);
});
