import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { expectAccessible, test } from "../support/e2e.ts";

// The secretariat invites a civil-society person onto a drafting team; without SMTP (`npm start`)
// the administrator reads the message in the outbox page; the invitee opens the link, creates the
// account, and lands in the live draft, able to write. Every page on the way passes axe.

test("an invitation from the workspace to a place on a drafting team, accessible at every step", async ({
  page: invitee,
  pageAs,
}) => {
  test.setTimeout(120_000);
  const email = `e2e-invitada-${randomUUID()}@example.pe`;
  const admin = await pageAs("admin@minka.pe");
  await admin.goto("/administracion/invitaciones");
  await expect(admin.getByRole("heading", { name: "Invitaciones", level: 1 })).toBeVisible();
  await expectAccessible(admin);

  // A place the person could not hold is refused in the form, by the server.
  await admin.getByLabel("Correo electrónico").fill(email);
  await admin.getByLabel("Nombre de la persona").fill("Rosa Invitada");
  await admin.getByLabel("Rol en Minka").selectOption("ORG_MEMBER");
  await admin
    .getByLabel("Organización (opcional)")
    .selectOption({ label: "Colectivo Ciudadano Demo (organización ficticia)" });
  const commitment = admin.getByLabel("Equipo de redacción (opcional)");
  const firstCommitment = await commitment.locator("option").nth(1).getAttribute("value");
  await commitment.selectOption(firstCommitment!);
  await admin.getByLabel("Lugar en el equipo").selectOption("GOVERNMENT_CO_LEAD");
  await admin.getByRole("button", { name: "Enviar la invitación" }).click();
  await expect(admin.getByText("Un co-líder por el Gobierno debe ser servidor público")).toBeVisible();
  await expectAccessible(admin);
  await admin.getByLabel("Lugar en el equipo").selectOption("CIVIL_SOCIETY_CO_LEAD");
  await admin.getByRole("button", { name: "Enviar la invitación" }).click();
  await expect(admin.getByRole("status")).toContainText("Enviamos la invitación");
  await expect(admin.getByRole("row").filter({ hasText: email })).toContainText("Pendiente");

  await admin.goto("/administracion/correo");
  const row = admin.getByRole("row").filter({ hasText: email }).filter({ hasText: "Invitación" });
  await row.getByRole("button", { name: "Leer" }).click();
  await expect(admin.getByRole("heading", { name: `Mensaje para ${email}` })).toBeVisible();
  const link = await admin.getByRole("link", { name: /\/invitacion\// }).getAttribute("href");
  expect(link).toMatch(/\/invitacion\/[a-z2-7]+$/);

  await invitee.goto(link!);
  await expect(invitee.getByRole("heading", { name: "Invitación a Minka" })).toBeVisible();
  await expectAccessible(invitee);
  await invitee.getByLabel("Nombre completo").fill("Rosa Quispe");
  await invitee.getByLabel("Contraseña", { exact: true }).fill("una frase segura");
  await invitee.getByLabel("Repite la contraseña").fill("una frase segura");
  await invitee.getByLabel(/Acepto el tratamiento/).check();
  await invitee.getByRole("button", { name: "Crear mi cuenta y aceptar" }).click();
  await expect(invitee).toHaveURL(new RegExp(`/compromisos/${firstCommitment}/editar`));
  // On the team, so the draft is editable (not the read-only notice).
  await expect(invitee.getByText("Rosa Quispe").first()).toBeVisible();
  await expect(invitee.locator('[contenteditable="true"]').first()).toBeVisible({ timeout: 20_000 });

  await admin.goto("/administracion/invitaciones");
  await expect(admin.getByRole("row").filter({ hasText: "Rosa Invitada" }).first()).toContainText("Aceptada");
  await invitee.goto(link!);
  await expect(invitee.getByRole("heading", { name: "Esta invitación ya no está disponible" })).toBeVisible();
});
