import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secondFactorSection } from "~/accounts/personal-data/sections.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { createUser } from "../support/factories.ts";
import { cookiesFrom, login, postForm } from "../support/http.ts";
import {
  enrolAtLogin,
  keyFromPage,
  loginWithCode,
  passwordStep,
  recoveryCodesFromPage,
  totpCode,
} from "../support/second-factor.ts";
import { type RunningServer } from "../support/server.ts";
import { PASSWORD, connected, databaseDigest, liveSocket, register, startSharedServer } from "../security/support.ts";

// The second factor against the real server (docs/decisions/023): administrators enrol at login
// and then log in with a code; codes are single-use per time step; recovery codes work once; a
// pending session is anonymous everywhere; another administrator resets a lost factor in the
// public record; the demo administrator in demo mode keeps logging in with the password alone.

const FACTORY_PASSWORD = "correct horse battery";
let server: RunningServer;

beforeAll(async () => {
  server = await startSharedServer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** The page or the redirect a cookie gets at a path. */
async function get(path: string, cookie: string) {
  const response = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
}

const isLoggedIn = async (cookie: string) => (await get("/cuenta", cookie)).status === 200;

/** Posts to the second step. */
const secondStep = (cookie: string, fields: Record<string, string>) =>
  postForm(server, "/ingresar/segundo-factor", { redirectTo: "/", ...fields }, { cookie });

describe("an administrator's second factor", () => {
  it("an administrator (not a demo account) is sent to enrol, enrols, gets ten codes once and is logged in", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { cookie, location } = await passwordStep(server, admin.email, FACTORY_PASSWORD, "/cuenta");
    expect(location).toBe("/ingresar/segundo-factor?redirectTo=%2Fcuenta");
    // The pending session lasts 10 minutes and opens nothing yet.
    const row = await prisma().session.findFirstOrThrow({ where: { userId: admin.id } });
    expect(row.secondFactorVerifiedAt).toBeNull();
    expect(row.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);
    expect(await get("/cuenta", cookie)).toMatchObject({ status: 302, location: "/ingresar?redirectTo=%2Fcuenta" });

    const page = await get(location, cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Activa el segundo factor");
    expect(page.html).toContain("<svg");
    expect(page.html).toContain('autoComplete="one-time-code"');
    expect(page.html).toContain('inputMode="numeric"');
    const uri = /href="(otpauth:\/\/totp\/[^"]+)"/.exec(page.html)![1]!.replaceAll("&amp;", "&");
    const parsed = new URL(uri);
    expect(decodeURIComponent(parsed.pathname)).toBe(`/Minka:${admin.email}`);
    expect(parsed.searchParams.get("issuer")).toBe("Minka");
    const key = keyFromPage(page.html);
    expect(key).toHaveLength(20);
    // The same key on a reload, until confirmed.
    expect(keyFromPage((await get(location, cookie)).html)).toEqual(key);

    const before = await databaseDigest({ exclude: ["Session"] });
    const wrong = await secondStep(cookie, { intent: "enrol", code: totpCode(key, 5) });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("Ese código no es correcto");
    expect(wrongHtml).toMatch(/aria-describedby="[^"]*enrol-code-error/);
    expect(await databaseDigest({ exclude: ["Session"] })).toBe(before);

    const confirmed = await secondStep(cookie, { intent: "enrol", code: totpCode(key), redirectTo: "/cuenta" });
    expect(confirmed.status).toBe(200);
    expect(confirmed.headers.get("cache-control")).toBe("no-store");
    const expires = /Expires=([^;]+)/i.exec(confirmed.headers.getSetCookie().join(";"))![1]!;
    expect(new Date(expires).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);
    const html = await confirmed.text();
    expect(html).toContain("El segundo factor quedó activado");
    expect(html).toContain('href="/cuenta"');
    const codes = recoveryCodesFromPage(html);
    expect(new Set(codes).size).toBe(10);

    const stored = await prisma().user.findUniqueOrThrow({ where: { id: admin.id }, include: { recoveryCodes: true } });
    expect(Buffer.from(stored.totpKey!)).toEqual(Buffer.from(key));
    expect(stored.recoveryCodes).toHaveLength(10);
    const dump = JSON.stringify(await prisma().recoveryCode.findMany());
    for (const code of codes) expect(dump).not.toContain(code);
    expect(await isLoggedIn(cookie)).toBe(true);
    const account = await get("/cuenta", cookie);
    expect(account.html).toContain("Te quedan 10 códigos de recuperación sin usar");
    // Shown once: the second step now sends a logged-in person on.
    expect(await get("/ingresar/segundo-factor", cookie)).toMatchObject({ status: 302, location: "/" });
    // Mis datos says a factor is set, never the key.
    expect(await secondFactorSection.collect(admin.id, prisma())).toEqual([
      { enabled: true, recoveryCodesUnused: 10, recoveryCodesUsed: 0 },
    ]);
  });

  it("logs in again with a code; a wrong or reused code is refused; a recovery code works once", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { key, recoveryCodes, cookie: first } = await enrolAtLogin(server, admin.email, FACTORY_PASSWORD);
    expect((await postForm(server, "/salir", {}, { cookie: first })).status).toBe(302);

    const { cookie, location } = await passwordStep(server, admin.email, FACTORY_PASSWORD);
    const page = await get(location, cookie);
    expect(page.html).toContain("Escribe el código de 6 dígitos");
    expect(page.html).not.toContain("totp-secret");

    const wrong = await secondStep(cookie, { intent: "code", code: totpCode(key, 7) });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Ese código no es correcto");
    expect(await isLoggedIn(cookie)).toBe(false);
    const badShape = await secondStep(cookie, { intent: "code", code: "12ab56" });
    expect(badShape.status).toBe(400);
    expect(await badShape.text()).toContain("El código tiene 6 dígitos");

    const code = totpCode(key, 1);
    const ok = await secondStep(cookie, { intent: "code", code });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/");
    expect(await isLoggedIn(cookie)).toBe(true);

    // The same code again, from another login: its time step was used.
    const again = await passwordStep(server, admin.email, FACTORY_PASSWORD);
    const reused = await secondStep(again.cookie, { intent: "code", code });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("Ese código ya se usó");
    expect(await isLoggedIn(again.cookie)).toBe(false);

    // A recovery code (typed in capitals, with spaces instead of dashes) works once.
    const typed = recoveryCodes[0]!.toUpperCase().replaceAll("-", " ");
    const recovered = await secondStep(again.cookie, { intent: "recovery", recoveryCode: typed });
    expect(recovered.status).toBe(200);
    expect(await recovered.text()).toContain("Te quedan 9 códigos sin usar");
    expect(cookiesFrom(recovered)).toBe(again.cookie);
    expect(await isLoggedIn(again.cookie)).toBe(true);
    const third = await passwordStep(server, admin.email, FACTORY_PASSWORD);
    const spent = await secondStep(third.cookie, { intent: "recovery", recoveryCode: recoveryCodes[0]! });
    expect(spent.status).toBe(400);
    expect(await spent.text()).toContain("no es válido o ya se usó");
    expect(await isLoggedIn(third.cookie)).toBe(false);
  });

  it("limits code attempts per person: after 5 wrong codes even the right one gets a clear 429", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { key } = await enrolAtLogin(server, admin.email, FACTORY_PASSWORD);
    const { cookie } = await passwordStep(server, admin.email, FACTORY_PASSWORD);
    for (let attempt = 0; attempt < 5; attempt++) {
      const wrong = await secondStep(cookie, { intent: "code", code: totpCode(key, 9 + attempt) });
      expect(wrong.status, `attempt ${attempt + 1}`).toBe(400);
    }
    const limited = await secondStep(cookie, { intent: "code", code: totpCode(key, 1) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Demasiados códigos incorrectos");
    expect(await isLoggedIn(cookie)).toBe(false);
  });

  it("a pending session is anonymous for a page, a JSON route and a socket", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { cookie } = await passwordStep(server, admin.email, FACTORY_PASSWORD);
    expect(await get("/cuenta", cookie)).toMatchObject({ status: 302, location: "/ingresar?redirectTo=%2Fcuenta" });
    expect((await get("/administracion/correo", cookie)).status).toBe(302);
    const counter = await fetch(`${server.url}/notificaciones/contador`, { headers: { Cookie: cookie } });
    expect(await counter.json()).toEqual({ userId: null, unread: 0 });
    const socket = liveSocket(server, cookie);
    await connected(socket);
    const ack = await socket.timeout(2000).emitWithAck("live:subscribe", { rooms: [`user:${admin.id}`] });
    expect(ack).toMatchObject({ ok: true, refused: [`user:${admin.id}`] });
    socket.close();
  });

  it("existing sessions of a person made administrator become pending", async () => {
    const person = await register(server);
    expect(await isLoggedIn(person.cookie)).toBe(true);
    await prisma().user.update({ where: { id: person.id }, data: { role: "ADMIN" } });
    expect(await isLoggedIn(person.cookie)).toBe(false);
    const page = await get("/ingresar/segundo-factor", person.cookie);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Activa el segundo factor");
  });

  it("the demo administrator in demo mode still logs in with the password only", async () => {
    const response = await postForm(server, "/ingresar", { email: "admin@minka.pe", password: "minka-demo" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    expect(await isLoggedIn(cookiesFrom(response))).toBe(true);
    expect(await prisma().user.findUniqueOrThrow({ where: { email: "admin@minka.pe" } })).toMatchObject({
      demoAccount: true,
      totpKey: null,
    });
  });
});

describe("the factor at /cuenta", () => {
  it("refuses to turn the factor off for an administrator", async () => {
    const admin = await createUser({ role: "ADMIN" });
    const { key, cookie } = await enrolAtLogin(server, admin.email, FACTORY_PASSWORD);
    expect((await get("/cuenta", cookie)).html).toContain("no puedes desactivarlo");
    const before = await databaseDigest();
    const off = await postForm(server, "/cuenta", { intent: "totp-off", code: totpCode(key, 1) }, { cookie });
    expect(off.status).toBe(403);
    expect(await off.text()).toContain("no puedes desactivar el segundo factor");
    expect(await databaseDigest()).toBe(before);
  });

  it("anyone can enrol; new recovery codes and turning it off need a current code and end other sessions", async () => {
    const person = await register(server);
    const elsewhere = await login(server, person.email, PASSWORD);
    expect((await get("/cuenta", person.cookie)).html).toContain("No activado");
    expect((await postForm(server, "/cuenta", { intent: "totp-start" }, { cookie: person.cookie })).status).toBe(302);
    const key = keyFromPage((await get("/cuenta", person.cookie)).html);
    const enrolled = await postForm(
      server,
      "/cuenta",
      { intent: "totp-enrol", code: totpCode(key) },
      { cookie: person.cookie },
    );
    expect(enrolled.status).toBe(200);
    const codes = recoveryCodesFromPage(await enrolled.text());
    expect(codes).toHaveLength(10);
    expect(await isLoggedIn(person.cookie)).toBe(true);
    expect(await isLoggedIn(elsewhere)).toBe(false);

    // Now this person logs in with a code too.
    const other = await loginWithCode(server, person.email, PASSWORD, key);
    expect(await isLoggedIn(other)).toBe(true);

    // New recovery codes: a wrong code changes nothing; a current one replaces the codes.
    const refused = await postForm(
      server,
      "/cuenta",
      { intent: "totp-new-codes", code: totpCode(key, 8) },
      { cookie: person.cookie },
    );
    expect(refused.status).toBe(400);
    expect(await prisma().recoveryCode.count({ where: { userId: person.id, usedAt: null } })).toBe(10);
    // Two steps ahead is outside the window (only now-1..now+1 count).
    const ahead = await postForm(
      server,
      "/cuenta",
      { intent: "totp-new-codes", code: totpCode(key, 2) },
      { cookie: person.cookie },
    );
    expect(ahead.status).toBe(400);
    // The login took the next step's code: a new one exists once the clock moves on.
    await waitForNextStep();
    const fresh = await postForm(
      server,
      "/cuenta",
      { intent: "totp-new-codes", code: totpCode(key, 1) },
      { cookie: person.cookie },
    );
    expect(fresh.status).toBe(200);
    const newCodes = recoveryCodesFromPage(await fresh.text());
    expect(newCodes).toHaveLength(10);
    expect(newCodes).not.toContain(codes[0]);
    expect(await isLoggedIn(other)).toBe(false);
    const oldCode = await passwordStep(server, person.email, PASSWORD);
    const old = await secondStep(oldCode.cookie, { intent: "recovery", recoveryCode: codes[0]! });
    expect(old.status).toBe(400);

    // Turning it off.
    await waitForNextStep();
    const off = await postForm(
      server,
      "/cuenta",
      { intent: "totp-off", code: totpCode(key, 1) },
      { cookie: person.cookie },
    );
    expect(off.status).toBe(302);
    expect(off.headers.get("location")).toBe("/cuenta?segundo-factor=desactivado#segundo-factor");
    expect(await prisma().user.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ totpKey: null });
    expect(await prisma().recoveryCode.count({ where: { userId: person.id } })).toBe(0);
    expect(await isLoggedIn(person.cookie)).toBe(true);
    // Password only again.
    expect(await isLoggedIn(await login(server, person.email, PASSWORD))).toBe(true);
  }, 120_000);
});

describe("reset by another administrator", () => {
  it("removes the factor, ends the sessions, and goes to the record without the email", async () => {
    const ana = await createUser({ role: "ADMIN", name: "Ana Administradora" });
    const beto = await createUser({ role: "ADMIN", name: "Beto Administrador" });
    const { cookie: anaCookie } = await enrolAtLogin(server, ana.email, FACTORY_PASSWORD);
    const { cookie: betoCookie } = await enrolAtLogin(server, beto.email, FACTORY_PASSWORD);
    expect((await get("/administracion/segundo-factor", anaCookie)).status).toBe(200);

    const reason = "Perdió su teléfono con la aplicación de autenticación";
    const reset = await postForm(
      server,
      "/administracion/segundo-factor",
      { email: beto.email, reason },
      { cookie: anaCookie },
    );
    expect(reset.status).toBe(302);
    const done = await get(reset.headers.get("location")!, anaCookie);
    expect(done.html).toContain("Se restableció el segundo factor de Beto Administrador");
    expect(await isLoggedIn(betoCookie)).toBe(false);
    expect(await prisma().session.count({ where: { userId: beto.id } })).toBe(0);
    const stored = await prisma().user.findUniqueOrThrow({ where: { id: beto.id } });
    expect(stored.totpKey).toBeNull();
    expect(await prisma().recoveryCode.count({ where: { userId: beto.id } })).toBe(0);

    const entry = await prisma().ledgerEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(entry).toMatchObject({
      kind: "account.second_factor_reset",
      subjectType: "user",
      subjectId: beto.id,
      actorId: ana.id,
    });
    expect(JSON.parse(entry.data)).toEqual({ reason });
    const ledger = await (await fetch(`${server.url}/api/v1/ledger?after=${entry.seq - 1}&limit=10`)).text();
    expect(ledger).toContain("account.second_factor_reset");
    expect(ledger).not.toContain(beto.email);
    expect(ledger).not.toContain(ana.email);

    // Beto logs in with the password and enrols a new factor.
    const again = await passwordStep(server, beto.email, FACTORY_PASSWORD);
    expect((await get(again.location, again.cookie)).html).toContain("Activa el segundo factor");
  });

  it("refuses oneself, an unknown person, an email in the reason, non-administrators and an unverified demo session", async () => {
    const ana = await createUser({ role: "ADMIN" });
    const beto = await createUser({ role: "ADMIN" });
    const { cookie } = await enrolAtLogin(server, ana.email, FACTORY_PASSWORD);
    await enrolAtLogin(server, beto.email, FACTORY_PASSWORD);
    const reason = "Una razón suficientemente larga";
    const cases: [string, Record<string, string>, number, string][] = [
      ["self", { email: ana.email, reason }, 400, "No puedes restablecer tu propio segundo factor"],
      ["unknown", { email: "nadie-aqui@example.pe", reason }, 400, "No hay ninguna cuenta con ese correo"],
      [
        "email in reason",
        { email: beto.email, reason: `Lo pidió ${beto.email} por teléfono` },
        400,
        "quita la dirección de correo",
      ],
      ["short reason", { email: beto.email, reason: "corto" }, 400, "al menos 10 caracteres"],
    ];
    for (const [label, form, status, message] of cases) {
      const before = await databaseDigest();
      const response = await postForm(server, "/administracion/segundo-factor", form, { cookie });
      expect(response.status, label).toBe(status);
      expect(await response.text(), label).toContain(message);
      expect(await databaseDigest(), label).toBe(before);
    }

    const citizen = await register(server);
    const demoAdmin = await login(server, "admin@minka.pe");
    for (const [label, who, status] of [
      ["citizen", citizen.cookie, 403],
      ["demo admin without a factor, on a real account", demoAdmin, 403],
    ] as const) {
      const before = await databaseDigest();
      const response = await postForm(
        server,
        "/administracion/segundo-factor",
        { email: beto.email, reason },
        { cookie: who },
      );
      expect(response.status, label).toBe(status);
      expect(await databaseDigest(), label).toBe(before);
    }
    expect((await get("/administracion/segundo-factor", citizen.cookie)).status).toBe(403);
    expect(await prisma().user.findUniqueOrThrow({ where: { id: beto.id } })).toMatchObject({
      totpKey: expect.anything(),
    });
  });
});

/** Waits for the next 30-second time step (so that a code for a new step exists). */
async function waitForNextStep() {
  const step = Math.floor(Date.now() / 30_000);
  while (Math.floor(Date.now() / 30_000) === step) await new Promise((resolve) => setTimeout(resolve, 200));
}
