import { expect } from "@playwright/test";
import { test } from "../support/e2e.ts";

test("a citizen registers, sees their consent recorded, logs out and logs in again", async ({ page }) => {
  const email = `vecina-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.pe`;
  await page.goto("/");
  await page.getByRole("link", { name: "Crear cuenta" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Crear una cuenta" })).toBeVisible();

  // Submitting without consent is refused, with the reason next to the checkbox.
  await page.getByLabel("Nombre completo").fill("Vecina de Trujillo");
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña", { exact: true }).fill("una frase muy segura");
  await page.getByLabel("Repite la contraseña").fill("una frase muy segura");
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.getByText("Para crear una cuenta necesitamos tu consentimiento.")).toBeVisible();

  await page.getByLabel(/Acepto el tratamiento de mis datos personales/).check();
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page).toHaveURL(/\/cuenta/);
  await expect(page.getByRole("status")).toContainText("Vecina de Trujillo");
  await expect(page.getByText(/aviso de privacidad versión 2026-11-01/)).toBeVisible();

  await page.getByRole("button", { name: "Salir" }).click();
  await expect(page.getByRole("link", { name: "Ingresar" })).toBeVisible();
  await page.goto("/cuenta");
  await expect(page).toHaveURL(/\/ingresar\?redirectTo=%2Fcuenta/);

  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill("una frase muy segura");
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page).toHaveURL(/\/cuenta$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mi cuenta" })).toBeVisible();
});

test("a wrong password gets a clear message and the email is kept", async ({ page }) => {
  await page.goto("/ingresar");
  await page.getByLabel("Correo electrónico").fill("foro@minka.pe");
  await page.getByLabel("Contraseña").fill("no-es-la-clave");
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page.getByRole("alert")).toHaveText("El correo o la contraseña no son correctos.");
  await expect(page.getByLabel("Correo electrónico")).toHaveValue("foro@minka.pe");
});

for (const [email, role] of [
  ["admin@minka.pe", "Administración (Secretaría)"],
  ["foro@minka.pe", "Miembro del Foro Multiactor"],
  ["servidor@minka.pe", "Servidor(a) público(a)"],
  ["ciudadana@minka.pe", "Ciudadano(a)"],
] as const) {
  test(`the demo account ${email} logs in with its role`, async ({ page, login }) => {
    await login(page, email);
    await page.getByRole("link", { name: /Mi cuenta/ }).click();
    await expect(page.getByText(role, { exact: true })).toBeVisible();
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the login form works as a plain form post, and so does logging out", async ({ page }) => {
    await page.goto("/ingresar");
    await page.getByLabel("Correo electrónico").fill("ciudadana@minka.pe");
    await page.getByLabel("Contraseña").fill("minka-demo");
    await page.getByRole("button", { name: "Ingresar" }).click();
    await expect(page.getByRole("link", { name: /Mi cuenta \(Lucía Mamani/ })).toBeVisible();
    await page.getByRole("button", { name: "Salir" }).click();
    await expect(page.getByRole("link", { name: "Ingresar" })).toBeVisible();
  });

  test("switching language works as a plain form post", async ({ page }) => {
    await page.goto("/planes");
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Action plans" })).toBeVisible();
  });
});
