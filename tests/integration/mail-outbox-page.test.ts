import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { startSharedServer } from "../security/support.ts";
import { cookiesFrom, login, postForm } from "../support/http.ts";
import { type RunningServer } from "../support/server.ts";

// Without SMTP_URL, in demo mode (`npm start`), every message stays in the outbox and an
// administrator reads it at /administracion/correo: its links work as if it had been delivered,
// so one machine shows the whole flow.

let server: RunningServer;

beforeAll(async () => {
  server = await startSharedServer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("the outbox page without SMTP", () => {
  it("lists a waiting message and lets an administrator read it and follow its link", async () => {
    const email = `p-${randomUUID()}@example.pe`;
    const registered = await postForm(server, "/registro", {
      name: "Lucía Mamani",
      email,
      password: "una frase segura",
      passwordConfirm: "una frase segura",
      consent: "on",
    });
    expect(registered.status).toBe(302);
    const person = cookiesFrom(registered);
    const message = await prisma().outboxMessage.findFirstOrThrow({ where: { recipient: email } });
    expect(message).toMatchObject({ template: "verify-email", status: "PENDING", attempts: 0, locale: "es" });
    // Nothing was rendered: no token exists until someone reads or sends the message.
    expect(await prisma().mailToken.count({ where: { outboxId: message.id } })).toBe(0);

    const admin = await login(server, "admin@minka.pe");
    const page = await fetch(`${server.url}/administracion/correo`, { headers: { Cookie: admin } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("No hay un servidor SMTP configurado");
    expect(html).toContain(email);
    expect(html).toContain("Confirmación de correo");

    const read = await postForm(
      server,
      "/administracion/correo",
      { intent: "read", id: message.id },
      { cookie: admin },
    );
    expect(read.status).toBe(200);
    expect(read.headers.get("cache-control")).toBe("no-store");
    const shown = await read.text();
    expect(shown).toContain("Confirma tu correo en Minka");
    expect(shown).toContain("Hola, Lucía Mamani:");
    const link = new RegExp(`${server.url}(/verificar-correo/[a-z2-7]+)`).exec(shown)?.[1];
    expect(link).toBeDefined();
    // The message stays in the outbox (it was read, not sent).
    expect((await prisma().outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("PENDING");

    const confirmed = await postForm(server, link!, {}, { cookie: person });
    expect(confirmed.status).toBe(200);
    expect((await prisma().user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();
    // Read again now, the message has nothing to send: it is cancelled.
    const again = await postForm(
      server,
      "/administracion/correo",
      { intent: "read", id: message.id },
      { cookie: admin },
    );
    expect(await again.text()).toContain("fue cancelado");
    expect((await prisma().outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("CANCELLED");
  });

  it("is the administrators' only", async () => {
    const citizen = await login(server, "ciudadana@minka.pe");
    expect((await fetch(`${server.url}/administracion/correo`, { headers: { Cookie: citizen } })).status).toBe(403);
  });
});
