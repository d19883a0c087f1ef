import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect, type Page } from "@playwright/test";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { expectAccessible, test } from "../support/e2e.ts";

// The second factor in the browser (docs/decisions/023): an administrator (not a demo account)
// logs in, is sent to enrol, scans nothing but reads the key as a person typing it would, confirms
// with a code, keeps the recovery codes, and later logs in with a code from the app; each step
// passes axe's WCAG 2.1 AA checks.

const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: "file:./tests/.tmp/e2e.db", timeout: 5000 }) });

test.afterAll(async () => {
  await db.$disconnect();
});

/** The code an authenticator app shows for a key, `offset` time steps from now. */
const codeFor = (key: Uint8Array, offset = 0) => generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000) + offset), 6);

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto("/ingresar");
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page).toHaveURL(/\/ingresar\/segundo-factor\?redirectTo=%2F$/);
}

test("an administrator enrols a second factor at login, then logs in with a code", async ({ page, freshPerson }) => {
  const person = await freshPerson({ name: "Secretaría de Prueba" });
  await db.user.update({ where: { email: person.email }, data: { role: "ADMIN" } });

  await passwordStep(page, person.email, person.password);
  await expect(page.getByRole("heading", { level: 2, name: "Activa el segundo factor" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Código QR/ })).toBeVisible();
  await expectAccessible(page);
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  const key = decodeBase32IgnorePadding(secret);
  expect(key).toHaveLength(20);

  // A wrong code is refused next to the field, which points at the message.
  const field = page.getByLabel("Código de 6 dígitos");
  await expect(field).toHaveAttribute("autocomplete", "one-time-code");
  await expect(field).toHaveAttribute("inputmode", "numeric");
  await field.fill(codeFor(key, 5));
  await page.getByRole("button", { name: "Activar el segundo factor" }).click();
  await expect(page.getByText("Ese código no es correcto")).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  await field.fill(codeFor(key));
  await page.getByRole("button", { name: "Activar el segundo factor" }).click();
  await expect(page.getByRole("status")).toHaveText("El segundo factor quedó activado.");
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Ya los guardé, continuar" }).click();
  await expect(page.getByRole("link", { name: /Mi cuenta/ })).toBeVisible();

  await page.goto("/cuenta");
  await expect(page.getByTestId("second-factor-state")).toHaveText(
    "Activado. Te quedan 10 códigos de recuperación sin usar.",
  );
  await expect(page.getByText("no puedes desactivarlo")).toBeVisible();
  await expectAccessible(page);

  // Log out, log in again: now the code page.
  await page.getByRole("button", { name: "Salir" }).click();
  await passwordStep(page, person.email, person.password);
  await expect(page.getByText("Escribe el código de 6 dígitos")).toBeVisible();
  await expect(page.getByLabel("Código de recuperación")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Código de 6 dígitos").fill(codeFor(key, 1));
  await page.getByRole("button", { name: "Verificar" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: /Mi cuenta/ })).toBeVisible();
  await expectAccessible(page);
});
