import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect } from "@playwright/test";
import { expectAccessible, test } from "../support/e2e.ts";

// Personal-data rights in the browser: registering, downloading one's data from "Mis datos",
// deleting the account, and the privacy and community-rules pages, each checked with axe.

const PASSWORD = "una frase segura";

test("a person downloads their data, then deletes their account", async ({ page }) => {
  const email = `datos-${randomUUID().slice(0, 8)}@example.pe`;
  await page.goto("/registro");
  await page.getByLabel("Nombre completo").fill("Rosa Datos");
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Repite la contraseña").fill(PASSWORD);
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mi cuenta" })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("link", { name: "Descargar mis datos" }).click();
  await expect(page.getByRole("heading", { name: "Mis datos", level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Preparar la descarga" }).click();
  await expect(page.getByRole("heading", { name: /Tu descarga está lista/ })).toBeVisible();
  await expectAccessible(page);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Descargar en JSON" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^minka-mis-datos-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    sections: { profile: { email: string; name: string }[] };
  };
  expect(data.sections.profile[0]).toMatchObject({ email, name: "Rosa Datos" });

  await page.goto("/cuenta");
  const deletion = page.locator("form", { has: page.getByRole("button", { name: "Eliminar mi cuenta" }) });
  await deletion.getByLabel("Tu contraseña actual").fill(PASSWORD);
  await deletion.getByRole("button", { name: "Eliminar mi cuenta" }).click();
  await expect(deletion.getByText("Marca la casilla para confirmar.")).toBeVisible();
  await deletion.getByLabel("Tu contraseña actual").fill(PASSWORD);
  await deletion.getByLabel("Entiendo que mi cuenta se eliminará para siempre.").check();
  await deletion.getByRole("button", { name: "Eliminar mi cuenta" }).click();
  await expect(page.getByText("Tu cuenta fue eliminada. Gracias por participar.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ingresar" }).first()).toBeVisible();
  await expectAccessible(page);

  await page.goto("/ingresar");
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña").fill(PASSWORD);
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page.getByText("El correo o la contraseña no son correctos.")).toBeVisible();
});

test("the privacy notice and the community rules are readable and accessible", async ({ page }) => {
  await page.goto("/privacidad");
  await expect(page.getByText(/Solo usamos cookies necesarias/)).toBeVisible();
  await page.locator("#contenido").getByRole("link", { name: "Normas de la comunidad" }).click();
  await expect(page.getByRole("heading", { name: "Normas de la comunidad", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Cómo moderamos" })).toBeVisible();
  await expectAccessible(page);
});
