import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { connected, liveSocket } from "../security/support.ts";
import { useTestDatabase } from "../support/factories.ts";
import { cookiesFrom, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { freePort, smtpUrl, startSmtpServer, type ReceivedMail, type TestSmtpServer } from "../support/smtp.ts";

// Mail end to end through the real server process and a real SMTP server on a local port:
// password reset (known and unknown addresses, used and expired links, every session ended) and
// address verification, read from what the SMTP server received, never from the database.

let smtp: TestSmtpServer;
let server: RunningServer;
const PASSWORD = "una frase segura";

beforeAll(async () => {
  await useTestDatabase();
  smtp = await startSmtpServer();
  // PUBLIC_URL must be known before the server starts (the links in messages point at it).
  const port = await freePort();
  server = await startServer({
    DATABASE_URL: process.env.DATABASE_URL!,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtpUrl(smtp.port),
    MAIL_FROM: "Minka de prueba <minka@minka.test>",
    MAIL_RETRY_SECONDS: "1",
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

async function register(name = "Persona de Prueba", language?: "en") {
  const email = `p-${randomUUID()}@example.pe`;
  const response = await postForm(
    server,
    "/registro",
    { name, email, password: PASSWORD, passwordConfirm: PASSWORD, consent: "on" },
    language ? { headers: { Cookie: `minka_lang=${language}` } } : {},
  );
  expect(response.status, await response.clone().text()).toBe(302);
  return { email, cookie: cookiesFrom(response) };
}

async function login(email: string, password = PASSWORD) {
  return postForm(server, "/ingresar", { email, password });
}

const linkOf = (mail: ReceivedMail, path: string) => {
  const link = mail.links.find((l) => l.startsWith(`${server.url}${path}`));
  expect(link, mail.text).toBeDefined();
  return link!.slice(server.url.length);
};

const isReset = (email: string) => (mail: ReceivedMail) =>
  mail.envelope.to.includes(email) && mail.links.some((l) => l.includes("/recuperar-contrasena/"));
const isVerification = (email: string) => (mail: ReceivedMail) =>
  mail.envelope.to.includes(email) && mail.links.some((l) => l.includes("/verificar-correo/"));

const page = async (path: string, cookie?: string) => {
  const response = await fetch(`${server.url}${path}`, {
    redirect: "manual",
    headers: cookie ? { Cookie: cookie } : {},
  });
  return { status: response.status, location: response.headers.get("location"), text: await response.text() };
};

describe("password reset", () => {
  it("goes from the form to a message, a new password and every session ended", async () => {
    const person = await register("Rosa Quispe");
    const second = cookiesFrom(await login(person.email));
    const socket = liveSocket(server, second);
    await connected(socket);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", (reason) => resolve(reason)));

    expect((await page("/ingresar")).text).toContain('href="/recuperar-contrasena"');
    const asked = await postForm(server, "/recuperar-contrasena", { email: person.email.toUpperCase() });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe("/recuperar-contrasena?enviado=1");

    const [mail] = await smtp.waitFor(isReset(person.email));
    expect(mail!.envelope.from).toBe("minka@minka.test");
    expect(mail!.headers.get("from")).toContain("minka@minka.test");
    expect(mail!.subject).toBe("Elige una nueva contraseña de Minka");
    expect(mail!.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail!.text).toContain("Hola, Rosa Quispe:");
    expect(mail!.html).toContain("Hola, Rosa Quispe:");
    const path = linkOf(mail!, "/recuperar-contrasena/");
    expect(mail!.html).toContain(`href="${server.url}${path}"`);
    const token = path.split("/").pop()!;

    // The outbox holds the template and its parameters, never the link; the token only as a hash.
    const row = await prisma().outboxMessage.findFirstOrThrow({
      where: { recipient: person.email, template: "password-reset" },
    });
    expect(row.messageId).toBe(mail!.messageId);
    expect(row.status).toBe("SENT");
    expect(JSON.stringify(row)).not.toContain(token);
    const stored = await prisma().mailToken.findFirstOrThrow({ where: { outboxId: row.id } });
    expect(Buffer.from(stored.tokenHash).toString("hex")).not.toBe(token);
    expect(stored.purpose).toBe("password-reset");
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThanOrEqual(60 * 60 * 1000 + 1000);

    const form = await page(path);
    expect(form.status).toBe(200);
    expect(form.text).toContain("Elegir una nueva contraseña");
    const mismatch = await postForm(server, path, { password: "otra frase larga", passwordConfirm: "distinta" });
    expect(mismatch.status).toBe(400);

    const reset = await postForm(server, path, {
      password: "mi nueva frase segura",
      passwordConfirm: "mi nueva frase segura",
    });
    expect(reset.status).toBe(302);
    expect(reset.headers.get("location")).toBe("/ingresar?clave=restablecida");
    expect((await page("/ingresar?clave=restablecida")).text).toContain("Tu contraseña fue cambiada");

    // Every session ended: both cookies are dead and the live connection was closed.
    for (const cookie of [person.cookie, second]) {
      const account = await page("/cuenta", cookie);
      expect(account.status).toBe(302);
      expect(account.location).toMatch(/^\/ingresar/);
    }
    await disconnected;
    socket.close();
    expect((await login(person.email)).status).toBe(400);
    expect((await login(person.email, "mi nueva frase segura")).status).toBe(302);

    // A reset proves the address, too.
    const user = await prisma().user.findUniqueOrThrow({ where: { email: person.email } });
    expect(user.emailVerifiedAt).not.toBeNull();

    // Used once: refused clearly afterwards, and the password stays.
    const used = await page(path);
    expect(used.status).toBe(410);
    expect(used.text).toContain("Este enlace ya fue usado");
    const again = await postForm(server, path, {
      password: "tercera frase segura",
      passwordConfirm: "tercera frase segura",
    });
    expect(again.status).toBe(410);
    expect((await login(person.email, "mi nueva frase segura")).status).toBe(302);
  });

  it("answers an unknown address exactly as a known one, and sends nothing", async () => {
    const known = await register();
    const unknown = `nadie-${randomUUID()}@example.pe`;
    const answers = [];
    for (const email of [known.email, unknown]) {
      const response = await postForm(server, "/recuperar-contrasena", { email });
      answers.push({
        status: response.status,
        location: response.headers.get("location"),
        cookies: response.headers.getSetCookie(),
        body: await response.text(),
      });
    }
    expect(answers[1]).toEqual(answers[0]);
    const notice = await page(answers[0]!.location!);
    expect(notice.text).toContain("Si hay una cuenta con ese correo");
    await smtp.waitFor(isReset(known.email));
    // The known address's message went out; give the unknown one the same time to (not) appear.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(smtp.to(unknown)).toEqual([]);
    expect(await prisma().outboxMessage.count({ where: { recipient: unknown } })).toBe(0);
  });

  it("refuses an expired link and an unknown one clearly", async () => {
    const person = await register();
    await postForm(server, "/recuperar-contrasena", { email: person.email });
    const [mail] = await smtp.waitFor(isReset(person.email));
    const path = linkOf(mail!, "/recuperar-contrasena/");
    const token = path.split("/").pop()!;
    await prisma().mailToken.updateMany({
      where: { tokenHash: createHash("sha256").update(token).digest() },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await page(path);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain("Este enlace venció");
    const tried = await postForm(server, path, { password: "una frase nueva", passwordConfirm: "una frase nueva" });
    expect(tried.status).toBe(410);
    expect((await login(person.email)).status).toBe(302);

    const unknown = await page("/recuperar-contrasena/abcdefghijklmnopqrstuvwxyz234567");
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("Este enlace no es válido");
    // A verification token is no reset token.
    const [verification] = await smtp.waitFor(isVerification(person.email));
    const verifyToken = linkOf(verification!, "/verificar-correo/").split("/").pop()!;
    expect((await page(`/recuperar-contrasena/${verifyToken}`)).status).toBe(404);
  });

  it("is rate-limited per address", async () => {
    const person = await register();
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const response = await postForm(server, "/recuperar-contrasena", { email: person.email });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      await response.arrayBuffer();
    }
    expect(statuses).toEqual([302, 302, 302, 302, 302, 429]);
  });
});

describe("address verification", () => {
  it("sends a link at registration, in the person's language, that confirms the address once", async () => {
    const person = await register("Mary Smith", "en");
    const [mail] = await smtp.waitFor(isVerification(person.email));
    expect(mail!.subject).toBe("Confirm your email address on Minka");
    expect(mail!.text).toContain("Hello Mary Smith,");
    expect(mail!.html).toContain('<html lang="en">');
    expect((await page("/cuenta", `${person.cookie}; minka_lang=en`)).text).toContain(
      "You have not confirmed your email address yet",
    );

    const path = linkOf(mail!, "/verificar-correo/");
    // Opening the link spends nothing (mail scanners fetch links): the form post confirms.
    expect((await page(path)).status).toBe(200);
    expect((await page(path)).status).toBe(200);
    const confirmed = await postForm(server, path, {}, { cookie: person.cookie });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("Confirmamos tu correo");
    const user = await prisma().user.findUniqueOrThrow({ where: { email: person.email } });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect((await page("/cuenta", person.cookie)).text).toContain("Confirmaste tu correo el");

    const again = await postForm(server, path, {});
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("Este enlace ya fue usado");
    const resend = await postForm(server, "/cuenta", { intent: "resend-verification" }, { cookie: person.cookie });
    expect(resend.headers.get("location")).toBe("/cuenta?correo=verificado");
  });

  it("sends another link from /cuenta, with its own Message-ID, and escapes the name in HTML", async () => {
    const name = `<img src=x onerror="alert(1)"> & Ana`;
    const person = await register(name);
    const [first] = await smtp.waitFor(isVerification(person.email));
    expect(first!.text).toContain(`Hola, ${name}:`);
    expect(first!.html).not.toContain("<img");
    expect(first!.html).toContain("Hola, &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Ana:");

    const resend = await postForm(server, "/cuenta", { intent: "resend-verification" }, { cookie: person.cookie });
    expect(resend.status).toBe(302);
    expect(resend.headers.get("location")).toBe("/cuenta?correo=enviado");
    const both = await smtp.waitFor(isVerification(person.email), 2);
    expect(new Set(both.map((m) => m.messageId)).size).toBe(2);
    // Using the newer link spends the older one too.
    const newer = linkOf(both[1]!, "/verificar-correo/");
    expect((await postForm(server, newer, {})).status).toBe(200);
    expect((await page(linkOf(both[0]!, "/verificar-correo/"))).status).toBe(410);
  });
});
