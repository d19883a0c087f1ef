import { expect } from "@playwright/test";
import { expectAccessible, test } from "../support/e2e.ts";

test("/seguimiento: every chart has a text alternative, and the page passes axe", async ({ page }) => {
  await page.goto("/seguimiento");
  await expect(page.getByRole("heading", { level: 1, name: "Seguimiento" })).toBeVisible();
  const figures = page.locator("figure.chart-figure");
  const count = await figures.count();
  expect(count).toBeGreaterThanOrEqual(5);
  for (let i = 0; i < count; i += 1) {
    const figure = figures.nth(i);
    const caption = figure.locator("figcaption");
    await expect(caption).not.toBeEmpty();
    const image = figure.locator('.chart[role="img"]');
    if ((await image.count()) > 0) {
      // The drawing is named by the caption, and its figures are in a table.
      await expect(image).toHaveAccessibleName(/.+/);
      await expect(image.locator("svg").first()).toBeVisible();
      await figure.locator("summary").click();
      await expect(figure.getByRole("table")).toBeVisible();
    }
  }
  const compliance = page.locator("figure", {
    has: page.getByRole("heading", { name: "Nivel de cumplimiento por plan (%)" }),
  });
  await expect(compliance.locator('.chart[role="img"]')).toHaveAccessibleName(/I PAGA: declarado 30/);
  await expect(compliance.getByRole("row", { name: /I · 2012-2013/ })).toContainText("30");
  await expectAccessible(page);

  await page.getByRole("combobox", { name: "Territorio", exact: true }).selectOption("13");
  await page.getByRole("button", { name: "Filtrar" }).click();
  await expect(page).toHaveURL(/territorio=13/);
  await expect(page.getByText("Mostrando: La Libertad.")).toBeVisible();
  await expectAccessible(page);
});

test("/datos lists downloads with the licence; the CSV downloads and the page passes axe", async ({ page }) => {
  await page.goto("/datos");
  await expect(page.getByRole("heading", { level: 1, name: "Datos abiertos" })).toBeVisible();
  await expect(page.getByRole("link", { name: /CC BY 4.0/ })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Compromisos en CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("minka-compromisos.csv");
  await expect(page.getByRole("link", { name: "Registro público en JSON" })).toBeVisible();
  await expectAccessible(page);
});

test("a public servant reports progress with evidence; it shows beside civil society's view and in the lineage", async ({
  page,
  login,
}) => {
  await page.goto("/compromisos/demo-2027-2028-c3/avances");
  await expectAccessible(page);
  await login(page, "servidor@minka.pe");
  await page.goto("/compromisos/demo-2027-2028-c3/avances");
  await page.getByRole("link", { name: "Reportar un avance" }).click();
  await expectAccessible(page);
  await page.getByLabel("Periodo").selectOption("2027-S2");
  await page.getByLabel("Nivel de cumplimiento del compromiso").selectOption("LIMITED");
  await page
    .getByLabel("Relato del avance")
    .fill("Se validaron los primeros modelos de notificación con personas usuarias.");
  await page.getByLabel(/^Valor de «Modelos de notificación validados»/).fill("4");
  await page.getByLabel("Archivos").setInputFiles({
    name: "guía borrador.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n", "latin1"),
  });
  await page.getByRole("button", { name: "Registrar el reporte" }).click();
  await expect(page.getByText("Se registró el reporte")).toBeVisible();
  const period = page.getByRole("region", { name: "2.º semestre de 2027" });
  await expect(period).toContainText("Se validaron los primeros modelos");
  await expect(period.getByRole("link", { name: "guía borrador.pdf" })).toBeVisible();
  await expect(period).toContainText("La sociedad civil no presentó una evaluación en este periodo.");
  await expectAccessible(page);

  await page.getByRole("link", { name: "¿Quién propuso y respaldó qué?" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "¿Quién propuso y respaldó qué?" })).toBeVisible();
  await expect(page.getByText(/Verificado: las \d+ entradas/)).toBeVisible();
  await expect(page.getByRole("region", { name: "Avances reportados" })).toContainText("Jorge Huamán (demo)");
  await page.getByRole("button", { name: "Verificar ahora" }).click();
  await expect(page.getByText(/Verificado: las \d+ entradas/)).toBeVisible();
  await expectAccessible(page);
});

test("good practices can be searched and filtered, and pass axe", async ({ page }) => {
  await page.goto("/buenas-practicas");
  await expect(page.getByRole("heading", { level: 2, name: /Presupuesto participativo/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("searchbox", { name: "Buscar" }).fill("hospital");
  await page.getByRole("button", { name: "Filtrar" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Tablero abierto de citas/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /Presupuesto participativo/ })).toHaveCount(0);
  await page.getByRole("link", { name: /Tablero abierto de citas/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Compromisos relacionados" })).toBeVisible();
  await expectAccessible(page);
});

test("plans and organisations filter by territory", async ({ page }) => {
  await page.goto("/planes");
  await page.getByRole("combobox", { name: "Territorio" }).selectOption("13");
  await page.getByRole("button", { name: "Filtrar" }).click();
  await expect(page).toHaveURL(/territorio=13/);
  await expect(page.getByRole("heading", { level: 2 })).toHaveCount(2);
  await expect(page.getByRole("heading", { level: 2 }).filter({ hasText: "La Libertad" })).toHaveCount(2);
  await expectAccessible(page);
  await page.goto("/organizaciones?territorio=13");
  await expect(page.getByRole("link", { name: "Gobierno Regional de La Libertad" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Secretaría de Gestión Pública" })).toHaveCount(0);
});

test("monitoring pages read in English too and pass axe", async ({ page }) => {
  await page.goto("/seguimiento");
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Monitoring" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Compliance by plan (%)" })).toBeVisible();
  await expectAccessible(page);
  for (const [path, heading] of [
    ["/datos", "Open data"],
    ["/buenas-practicas", "Good practices"],
    ["/compromisos/demo-2027-2028-c2/avances", "Progress of commitment 2"],
    ["/compromisos/demo-2027-2028-c2/trazabilidad", "Who proposed and endorsed what?"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectAccessible(page);
  }
  await page.getByRole("button", { name: /Español/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "¿Quién propuso y respaldó qué?" })).toBeVisible();
});

test("a citizen proposes a good practice with evidence; errors are shown accessibly", async ({ page, login }) => {
  await login(page, "ciudadana@minka.pe");
  await page.goto("/buenas-practicas/nueva");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Enviar para revisión" }).click();
  await expect(page.getByText("Este campo es obligatorio.").first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Título").fill("Cabildo abierto con transmisión en quechua");
  await page.getByLabel("Entidad").fill("Municipalidad Provincial de prueba");
  await page.getByRole("combobox", { name: "Territorio" }).selectOption("08");
  await page.getByLabel("Tema", { exact: true }).fill("Participación ciudadana");
  await page
    .getByLabel("Qué se hizo")
    .fill("Cada cabildo se transmite y se interpreta en quechua, con preguntas por radio.");
  await page
    .getByLabel("Resultados")
    .fill("Participan comunidades alejadas que antes no podían asistir a los cabildos.");
  await page.getByLabel("Archivos").setInputFiles({
    name: "acta.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n", "latin1"),
  });
  await page.getByRole("button", { name: "Enviar para revisión" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Cabildo abierto con transmisión en quechua" }),
  ).toBeVisible();
  await expect(page.getByText("Por revisar")).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Se envió la buena práctica");
  await expect(page.getByRole("link", { name: "acta.pdf" })).toBeVisible();
  await expectAccessible(page);
});
