import { expect } from "@playwright/test";
import { test } from "../support/e2e.ts";

test("plans show the source's figures and lead to their commitments", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "Planes de acción", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Planes de acción" })).toBeVisible();

  const plan = (name: string) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await expect(plan("Plan de Acción de Gobierno Abierto 2012-2013")).toContainText("30");
  await expect(plan("Plan de Acción de Gobierno Abierto 2012-2013")).toContainText("47");
  await expect(plan("Plan de Acción de Gobierno Abierto 2015-2016")).toContainText("47");
  await expect(plan("Plan de Acción de Gobierno Abierto 2017-2019")).toContainText("67");

  await page.getByRole("link", { name: "Plan de Acción de Gobierno Abierto 2020-2021" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Temas" })).toBeVisible();
  await expect(page.getByText("Calidad regulatoria", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: /Identicole/ }).click();
  await expect(page.getByText("PE0091")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ministerio de Educación" })).toBeVisible();
});

test("territorial plans can be filtered", async ({ page }) => {
  await page.goto("/planes");
  await page.getByLabel("Ámbito").selectOption("REGIONAL");
  await page.getByRole("button", { name: "Filtrar" }).click();
  await expect(page).toHaveURL(/ambito=REGIONAL/);
  await expect(page.getByRole("heading", { level: 2 }).filter({ hasText: "La Libertad" })).toHaveCount(2);
  await expect(page.getByRole("link", { name: /2020-2021/ })).toHaveCount(0);
});

test("a demo draft commitment reads on the OGP template, and its drafter is told so", async ({ page, login }) => {
  await page.goto("/planes/plan-demostracion-2027-2028");
  await expect(page.getByText("Demostración").first()).toBeVisible();
  await page.getByRole("table").getByRole("link").first().click();
  for (const heading of [
    "¿Cuál es la problemática?",
    "¿Cuál es el compromiso?",
    "¿Cómo contribuirá a resolver la problemática?",
    "Relevancia para los valores de gobierno abierto",
    "Hitos",
    "Indicadores",
  ]) {
    await expect(page.getByRole("heading", { name: heading })).toBeVisible();
  }
  await expect(page.getByText("Borrador", { exact: true })).toBeVisible();
  await expect(page.getByText("Formas parte del equipo de redacción")).toHaveCount(0);
  const url = page.url();
  await login(page, "servidor@minka.pe");
  await page.goto(url);
  await expect(page.getByText("Formas parte del equipo de redacción")).toBeVisible();
});

test("the language switch changes every string and is remembered", async ({ page }) => {
  await page.goto("/planes");
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Action plans" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Plan in co-creation" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "Plan in co-creation" })).toBeVisible();
  await page.getByRole("button", { name: /Español/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Plan en co-creación" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es-PE");
});

test("recent activity on the home page updates live when the secretariat acts", async ({ browser, pageAs }) => {
  const visitor = await browser.newPage();
  await visitor.goto("/");
  const activity = visitor.getByTestId("recent-activity");
  await expect(activity).toBeVisible();
  await visitor.waitForFunction(() => document.readyState === "complete");

  const admin = await pageAs("admin@minka.pe");
  await admin.goto("/planes/la-libertad-2016-2017");
  await admin.getByLabel("Cambiar la fase a").selectOption("IMPLEMENTATION");
  await admin.getByRole("button", { name: "Guardar" }).click();
  await expect(admin.getByText("En implementación").first()).toBeVisible();

  await expect(activity).toContainText("en implementación");
  await admin.close();
  await visitor.close();
});
