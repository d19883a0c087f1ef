import { expect, type Page } from "@playwright/test";
import { expectAccessible, test } from "../support/e2e.ts";

const PUBLIC_PAGES = [
  "/",
  "/planes",
  "/planes?ambito=REGIONAL",
  "/planes/paga-2012-2013",
  "/planes/paga-2020-2021",
  "/planes/plan-demostracion-2027-2028",
  "/organizaciones",
  "/organizaciones/sgp-pcm",
  "/privacidad",
  "/ingresar",
  "/registro",
  "/no-existe",
];

async function firstCommitmentPaths(page: Page) {
  const paths: string[] = [];
  for (const plan of ["paga-2020-2021", "plan-demostracion-2027-2028"]) {
    const response = await page.request.get(`/api/v1/plans/${plan}`);
    const { data } = (await response.json()) as { data: { commitments: { url: string }[] } };
    paths.push(data.commitments[0]!.url);
  }
  return paths;
}

for (const locale of ["es", "en"] as const) {
  test(`every public page passes axe (WCAG 2.1 A/AA) in ${locale}`, async ({ page, context }) => {
    // Fifteen pages, each loaded and scanned: more than the default budget on a loaded machine.
    test.setTimeout(120_000);
    if (locale === "en") {
      await context.addCookies([{ name: "minka_lang", value: "en", domain: "127.0.0.1", path: "/" }]);
    }
    for (const path of [...PUBLIC_PAGES, ...(await firstCommitmentPaths(page))]) {
      await page.goto(path);
      await expectAccessible(page);
    }
  });
}

test("pages for logged-in people, and forms showing errors, pass axe", async ({ page, login }) => {
  await page.goto("/registro");
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.getByText("Escribe tu nombre.")).toBeVisible();
  await expectAccessible(page);

  await page.goto("/ingresar");
  await page.getByLabel("Correo electrónico").fill("foro@minka.pe");
  await page.getByLabel("Contraseña").fill("equivocada");
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expectAccessible(page);

  await login(page, "admin@minka.pe");
  for (const path of ["/cuenta", "/planes/plan-demostracion-2027-2028"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
});

test("the secretariat's workspace, and its forms showing errors, pass axe", async ({ page, login }) => {
  test.setTimeout(120_000);
  await login(page, "admin@minka.pe");
  const plan = "/administracion/planes/plan-demostracion-2027-2028";
  for (const path of [
    "/administracion",
    "/administracion/planes/nuevo",
    plan,
    `${plan}/compromisos`,
    "/administracion/organizaciones",
    "/administracion/organizaciones/nueva",
  ]) {
    await page.goto(path);
    await expectAccessible(page);
  }
  await page.goto("/administracion/organizaciones");
  await page.getByRole("link", { name: "Secretaría de Gestión Pública (SGP)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Secretaría de Gestión Pública" })).toBeVisible();
  await expectAccessible(page);

  // A refused plan (checked in the browser), and a refused calendar (checked on the server).
  await page.goto("/administracion/planes/nuevo");
  await page.getByRole("button", { name: "Crear el plan" }).click();
  await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
  await expectAccessible(page);
  await page.goto(plan);
  const proposals = page.getByRole("group", { name: "Propuestas", exact: true });
  await proposals.getByLabel("Desde").fill("2027-03-01");
  await proposals.getByLabel("Hasta").fill("2027-02-01");
  await page.getByRole("button", { name: "Guardar el calendario" }).click();
  await expect(page.getByText("La fecha final no puede ser anterior a la inicial.")).toBeVisible();
  await expectAccessible(page);
});

test("the skip link is the first stop for the keyboard and moves focus to the content", async ({ page }) => {
  await page.goto("/planes");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Saltar al contenido principal" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#contenido")).toBeFocused();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("pages fit the screen without sideways scrolling", async ({ page }) => {
    for (const path of ["/", "/planes", "/planes/paga-2020-2021", "/registro"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});
