import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { expectAccessible, test } from "../support/e2e.ts";

// `npm start` without SMTP_URL shows the whole flow on one machine: a person asks for a new
// password, the administrator reads the message in the outbox page, the link sets the password.
// Every page on the way passes axe.

test("password recovery through the outbox page, accessible at every step", async ({ page: person, pageAs, login }) => {
  test.setTimeout(120_000);
  const email = `e2e-${randomUUID()}@example.pe`;
  await person.goto("/registro");
  await person.getByLabel("Nombre completo").fill("Julia Condori");
  await person.getByLabel("Correo electrónico").fill(email);
  await person.getByLabel("Contraseña", { exact: true }).fill("una frase segura");
  await person.getByLabel("Repite la contraseña").fill("una frase segura");
  await person.getByLabel(/Acepto el tratamiento/).check();
  await person.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(person.getByText("Aún no confirmaste tu correo")).toBeVisible();
  await expectAccessible(person);
  await person.getByRole("button", { name: "Salir" }).click();

  await person.goto("/ingresar");
  await person.getByRole("link", { name: "¿Olvidaste tu contraseña?" }).click();
  await expect(person.getByRole("heading", { name: "Recuperar tu contraseña" })).toBeVisible();
  await expectAccessible(person);
  await person.getByLabel("Correo electrónico").fill(email);
  await person.getByRole("button", { name: "Enviar el enlace" }).click();
  await expect(person.getByRole("status")).toContainText("Si hay una cuenta con ese correo");
  await expectAccessible(person);

  const admin = await pageAs("admin@minka.pe");
  await admin.goto("/administracion/correo");
  await expect(admin.getByText("No hay un servidor SMTP configurado")).toBeVisible();
  await expectAccessible(admin);
  const row = admin.getByRole("row").filter({ hasText: email }).filter({ hasText: "Nueva contraseña" });
  await row.getByRole("button", { name: "Leer" }).click();
  await expect(admin.getByRole("heading", { name: `Mensaje para ${email}` })).toBeVisible();
  await expectAccessible(admin);
  const link = await admin.getByRole("link", { name: /\/recuperar-contrasena\// }).getAttribute("href");
  expect(link).toMatch(/\/recuperar-contrasena\/[a-z2-7]+$/);

  await person.goto(link!);
  await expect(person.getByRole("heading", { name: "Elegir una nueva contraseña" })).toBeVisible();
  await expectAccessible(person);
  await person.getByLabel("Nueva contraseña").fill("otra frase segura");
  await person.getByLabel("Repite la contraseña").fill("otra frase segura");
  await person.getByRole("button", { name: "Guardar la nueva contraseña" }).click();
  await expect(person.getByRole("status")).toContainText("Tu contraseña fue cambiada");
  await login(person, email, "otra frase segura");

  await person.goto(link!);
  await expect(person.getByRole("heading", { name: "Este enlace ya fue usado" })).toBeVisible();
  await expectAccessible(person);
});
