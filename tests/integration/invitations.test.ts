import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { useTestDatabase } from "../support/factories.ts";
import { cookiesFrom, login, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { freePort, smtpUrl, startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../support/smtp.ts";

// Invitations end to end (docs/decisions/025): the secretariat invites through its page and the
// API, the message is read from a real SMTP server on a local port, and the link gives the role,
// the organisation and the place on the drafting team; the record never holds an address.

let smtp: TestSmtpServer;
let server: RunningServer;
let admin: string;
const PASSWORD = "una frase segura y larga";

beforeAll(async () => {
  await useTestDatabase();
  smtp = await startSmtpServer();
  const port = await freePort();
  server = await startServer({
    DATABASE_URL: process.env.DATABASE_URL!,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtpUrl(smtp.port),
    MAIL_FROM: "Minka de prueba <minka@minka.test>",
    MAIL_RETRY_SECONDS: "1",
  });
  admin = await login(server, "admin@minka.pe");
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

const invitationTo = (email: string) => (mail: ReceivedMail) =>
  mail.envelope.to.includes(email) && mail.links.some((l) => l.includes("/invitacion/"));

async function linkFor(email: string): Promise<string> {
  const [mail] = await smtp.waitFor(invitationTo(email), 1, 15_000);
  const link = mail!.links.find((l) => l.startsWith(`${server.url}/invitacion/`));
  expect(link, mail!.text).toBeDefined();
  return link!.slice(server.url.length);
}

const page = async (path: string, cookie?: string) => {
  const response = await fetch(`${server.url}${path}`, {
    redirect: "manual",
    headers: cookie ? { Cookie: cookie } : {},
  });
  return { status: response.status, text: await response.text() };
};

async function civilSocietyOrganization() {
  return prisma().organization.findFirstOrThrow({ where: { sector: "CIVIL_SOCIETY" }, select: { id: true } });
}
async function draftCommitment() {
  return prisma().commitment.findFirstOrThrow({ where: { status: "DRAFT" }, select: { id: true } });
}

async function invite(fields: Record<string, string>) {
  return postForm(server, "/administracion/invitaciones", { intent: "invite", ...fields }, { cookie: admin });
}

describe("invitations", () => {
  it("invites a newcomer onto a drafting team, who creates an account from the link and lands in the draft", async () => {
    const email = `invitada-${randomUUID()}@example.pe`;
    const organization = await civilSocietyOrganization();
    const commitment = await draftCommitment();
    const before = await prisma().invitation.count();
    // A place the person cannot hold is refused, naming why, and nothing is created.
    const refused = await invite({
      email,
      name: "Rosa Invitada",
      role: "ORG_MEMBER",
      organizationId: organization.id,
      commitmentId: commitment.id,
      teamRole: "GOVERNMENT_CO_LEAD",
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Un co-líder por el Gobierno debe ser servidor público");
    expect((await invite({ email: "no-es-correo", name: "X", role: "CITIZEN" })).status).toBe(400);
    expect(await prisma().invitation.count()).toBe(before);

    const sent = await invite({
      email,
      name: "Rosa Invitada",
      role: "ORG_MEMBER",
      organizationId: organization.id,
      commitmentId: commitment.id,
      teamRole: "CIVIL_SOCIETY_CO_LEAD",
    });
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe("/administracion/invitaciones?hecho=enviada");
    const list = await page("/administracion/invitaciones", admin);
    expect(list.text).toContain("Rosa Invitada");
    expect(list.text).toContain("Pendiente");

    const link = await linkFor(email);
    const opened = await page(link);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain("Crear mi cuenta y aceptar");
    expect(opened.text).toContain(email);
    // A bad form creates nothing and keeps the link usable.
    const bad = await postForm(server, link, {
      name: "Rosa",
      password: "corta",
      passwordConfirm: "corta",
      consent: "on",
    });
    expect(bad.status).toBe(400);
    expect(await prisma().user.count({ where: { email } })).toBe(0);

    const accepted = await postForm(server, link, {
      name: "Rosa Quispe",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      consent: "on",
    });
    expect(accepted.status, await accepted.clone().text()).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/compromisos/${commitment.id}/editar?bienvenida=1`);
    const cookie = cookiesFrom(accepted);
    const person = await prisma().user.findUniqueOrThrow({
      where: { email },
      include: { memberships: true, commitmentTeams: true, consents: true },
    });
    expect(person).toMatchObject({ name: "Rosa Quispe", role: "ORG_MEMBER" });
    expect(person.emailVerifiedAt).not.toBeNull();
    expect(person.consents).toHaveLength(1);
    expect(person.memberships.map((m) => m.organizationId)).toEqual([organization.id]);
    expect(person.commitmentTeams).toEqual([
      expect.objectContaining({ commitmentId: commitment.id, role: "CIVIL_SOCIETY_CO_LEAD" }),
    ]);
    // They are logged in, in the draft's editor page.
    const editor = await page(`/compromisos/${commitment.id}/editar`, cookie);
    expect(editor.status).toBe(200);

    // The link works once; the invitation no longer holds the address.
    expect((await page(link)).status).toBe(410);
    const again = await postForm(server, link, {
      name: "Otra",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      consent: "on",
    });
    expect(again.status).toBe(410);
    const row = await prisma().invitation.findFirstOrThrow({ where: { acceptedById: person.id } });
    expect(row.email).toBeNull();

    // The record: sent, accepted and the team join, and no email address anywhere in it.
    const acts = await prisma().ledgerEntry.findMany({ where: { subjectId: { in: [row.id, commitment.id] } } });
    const kinds = acts.map((a) => a.kind);
    expect(kinds).toEqual(expect.arrayContaining(["invitation.sent", "invitation.accepted", "commitment.team_joined"]));
    const everything = await prisma().ledgerEntry.findMany();
    expect(everything.some((entry) => JSON.stringify(entry).includes(email))).toBe(false);
  });

  it("adds the role to an existing account only when that person confirms while logged in", async () => {
    const email = "ciudadana@minka.pe";
    expect((await invite({ email: "Ciudadana@Minka.pe", name: "Rosa", role: "PUBLIC_SERVANT" })).status).toBe(302);
    const link = await linkFor(email);
    const anonymous = await page(link);
    expect(anonymous.text).toContain("Ingresar para aceptar");
    // Creating a second account for the address is refused.
    const duplicate = await postForm(server, link, {
      name: "Rosa",
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      consent: "on",
    });
    expect(duplicate.status).toBe(409);
    // Someone else, logged in, cannot take it.
    const other = await login(server, "empresa@minka.pe");
    expect((await page(link, other)).text).not.toContain(email);
    expect((await postForm(server, link, {}, { cookie: other })).status).toBe(403);
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).role).toBe("CITIZEN");
    const citizen = await login(server, email);
    const confirmed = await postForm(server, link, {}, { cookie: citizen });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/?bienvenida=1");
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).role).toBe("PUBLIC_SERVANT");
  });

  it("refuses revoked and expired links clearly, and the workspace page to anyone but the secretariat", async () => {
    const revokedEmail = `anulada-${randomUUID()}@example.pe`;
    expect((await invite({ email: revokedEmail, name: "Persona Anulada", role: "CITIZEN" })).status).toBe(302);
    const link = await linkFor(revokedEmail);
    const invitation = await prisma().invitation.findFirstOrThrow({ where: { email: revokedEmail } });
    const revoked = await postForm(
      server,
      "/administracion/invitaciones",
      { intent: "revoke", id: invitation.id },
      { cookie: admin },
    );
    expect(revoked.headers.get("location")).toBe("/administracion/invitaciones?hecho=revocada");
    expect((await page(link)).status).toBe(410);
    expect(await prisma().user.count({ where: { email: revokedEmail } })).toBe(0);
    expect(
      (await postForm(server, "/administracion/invitaciones", { intent: "revoke", id: "no-existe" }, { cookie: admin }))
        .status,
    ).toBe(404);

    const expiredEmail = `vencida-${randomUUID()}@example.pe`;
    expect((await invite({ email: expiredEmail, name: "Persona Tardía", role: "CITIZEN" })).status).toBe(302);
    const late = await linkFor(expiredEmail);
    await prisma().invitation.updateMany({
      where: { email: expiredEmail },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await page(late);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain("Esta invitación venció");
    expect((await page("/invitacion/abcdefghijklmnopqrstuvwxyz234567")).status).toBe(404);

    const citizen = await login(server, "empresa@minka.pe");
    expect((await page("/administracion/invitaciones", citizen)).status).toBe(403);
    const byCitizen = await postForm(
      server,
      "/administracion/invitaciones",
      { intent: "invite", email: "y@example.pe", name: "Yy", role: "ADMIN" },
      { cookie: citizen },
    );
    expect(byCitizen.status).toBe(403);
    expect(await prisma().invitation.count({ where: { email: "y@example.pe" } })).toBe(0);
  });

  it("invites through POST /api/v1/invitations with the fields named as on the page", async () => {
    const call = async (body: unknown, cookie: string | null = admin) => {
      const response = await fetch(`${server.url}/api/v1/invitations`, {
        method: "POST",
        headers: { Origin: server.origin, "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    };
    const commitment = await draftCommitment();
    const email = `api-${randomUUID()}@example.pe`;
    const created = await call({
      email,
      name: "Luis Servidor",
      role: "PUBLIC_SERVANT",
      commitmentId: commitment.id,
      teamRole: "GOVERNMENT_CO_LEAD",
    });
    expect(created.status).toBe(201);
    const row = await prisma().invitation.findUniqueOrThrow({ where: { id: String(created.body!.id) } });
    expect(row).toMatchObject({
      email,
      role: "PUBLIC_SERVANT",
      commitmentId: commitment.id,
      teamRole: "GOVERNMENT_CO_LEAD",
    });
    await linkFor(email);

    const count = await prisma().invitation.count();
    const bad = await call({ email: "no", name: "Luis", role: "PUBLIC_SERVANT" });
    expect(bad.status).toBe(400);
    expect((bad.body!.error as { field?: string }).field).toBe("email");
    expect((await call({ email, name: "Luis", role: "KING" })).status).toBe(400);
    const unknown = await call({ email, name: "Luis", role: "CITIZEN", commitmentId: "no-existe" });
    expect(unknown.status).toBe(400);
    expect((unknown.body!.error as { field?: string }).field).toBe("commitmentId");
    expect((await call("{not json")).status).toBe(400);
    expect((await call({ email, name: "Luis", role: "CITIZEN", extra: 1 })).status).toBe(400);
    expect((await call({ email, name: "Luis", role: "CITIZEN" }, null)).status).toBe(401);
    const citizen = await login(server, "empresa@minka.pe");
    expect((await call({ email, name: "Luis", role: "CITIZEN" }, citizen)).status).toBe(403);
    expect(await prisma().invitation.count()).toBe(count);
  });
});
