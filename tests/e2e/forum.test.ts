import { createHash } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { expectAccessible, test } from "../support/e2e.ts";

// A whole session of the Foro Multiactor with two members in two browsers: the secretariat
// schedules it and sets the agenda; the chair opens it and calls the roll; quorum is reached and
// shown live; the chair puts a motion to a vote and both vote from their own browser; the result
// is written into the live minutes; an agreement is captured; the minutes are circulated, approved
// and published with their SHA-256 fingerprint.

test.setTimeout(120_000);

function minutes(page: Page) {
  return page.locator('[data-field="minutes"] .ProseMirror');
}

test("a whole session: roll call, quorum, a motion voted into the minutes, an agreement, approved minutes", async ({
  browser,
  pageAs,
}) => {
  const stamp = Date.now().toString(36);
  const title = `Sesión extraordinaria ${stamp}`;

  // The secretariat schedules the session and puts a point on the agenda.
  const admin = await pageAs("admin@minka.pe");
  await admin.goto("/foro");
  await admin.locator("summary", { hasText: "Agregar un miembro" }).click();
  await expect(admin.getByLabel("Nombre de la persona")).toBeVisible();
  await expectAccessible(admin);
  await admin.goto("/foro/sesiones");
  await admin.getByLabel("Título").fill(title);
  await admin.getByLabel("Fecha y hora (hora de Lima)").fill("2027-02-04T15:00");
  await admin.getByLabel("Lugar o enlace").fill("Sala virtual");
  await admin.getByRole("button", { name: "Programar" }).click();
  await expect(admin.getByText("Se programó 1 sesión.")).toBeVisible();
  await admin.getByRole("link", { name: new RegExp(title) }).click();
  await expect(admin.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const sessionPath = new URL(admin.url()).pathname;
  await admin.getByText("Proponer un punto de agenda").first().click();
  await admin.getByLabel("Tema").fill("Seguimiento del plan");
  await admin.locator('form[aria-label="Proponer un punto de agenda"]').getByRole("button").click();
  await expect(admin.getByTestId("agenda")).toContainText("Seguimiento del plan");

  // Two members in two browsers: the chair and a civil-society member.
  const chair = await pageAs("presidencia@minka.pe");
  const member = await pageAs("foro@minka.pe");

  await member.goto(sessionPath);
  await member.getByRole("button", { name: "Confirmo mi asistencia" }).click();
  await expect(member.getByText("Tu respuesta: Confirmó")).toBeVisible();
  await expectAccessible(member);

  await chair.goto(sessionPath);
  await chair.getByRole("button", { name: "Abrir la sesión" }).click();
  await expect(chair.getByRole("heading", { level: 1 })).toContainText("Sesión en vivo");
  const livePath = new URL(chair.url()).pathname;
  await member.goto(livePath);
  await expect(member.getByTestId("quorum")).toContainText("No hay quórum");

  // Roll call by sector; the member's page shows the quorum live.
  const status = (id: string) => chair.locator(`select[name="status:${id}"]`);
  for (const id of [
    "demo-foro-sgp",
    "demo-foro-colectivo-ciudadano",
    "demo-foro-universidad",
    "demo-foro-secretaria-tecnica",
  ]) {
    await status(id).selectOption("PRESENT");
  }
  await status("demo-foro-camara-empresarial").selectOption("REMOTE");
  await status("demo-foro-gobierno-regional-la-libertad").selectOption("EXCUSED");
  await chair.getByRole("button", { name: "Guardar la asistencia" }).click();
  await expect(chair.getByTestId("quorum")).toContainText("Hay quórum");
  await expect(member.getByTestId("quorum")).toContainText("Hay quórum");
  await expect(member.locator("section.quorum")).toContainText("5 de 6 miembros con voto");

  // Both are in the minutes room; the agenda is its skeleton; the member writes a line.
  await expect(minutes(chair)).toContainText("1. Seguimiento del plan");
  await expect(minutes(member)).toContainText("1. Seguimiento del plan");
  await minutes(member).click();
  await member.keyboard.press("Control+End");
  await member.keyboard.type(`Se revisó el avance del plan ${stamp}.`);
  await expect(minutes(chair)).toContainText(`Se revisó el avance del plan ${stamp}.`);

  // A motion: the chair puts it to a vote, both vote from their devices, results by sector live.
  const motionText = `Aprobar el informe de seguimiento ${stamp}`;
  await chair.getByLabel("Moción", { exact: true }).fill(motionText);
  await chair.getByLabel("Punto de agenda (opcional)").first().selectOption({ label: "1. Seguimiento del plan" });
  await chair.getByRole("button", { name: "Abrir la votación" }).click();
  await expect(member.getByRole("heading", { name: motionText })).toBeVisible();
  await member.getByRole("button", { name: "A favor" }).click();
  await expect(member.getByText("Ya votaste en esta moción.")).toBeVisible();
  await expect(member.getByRole("button", { name: "A favor" })).toHaveCount(0);
  await chair.getByRole("button", { name: "En contra" }).click();
  await expect(member.getByTestId("motion")).toContainText("A favor: 1 · En contra: 1");
  await chair.getByRole("button", { name: "Cerrar la votación" }).click();
  await expect(member.getByTestId("motion")).toContainText("Rechazada");
  await expect(minutes(member)).toContainText(`Moción: «${motionText}» — RECHAZADA`);
  await expect(minutes(chair)).toContainText("Sociedad civil: 1/0/0");
  await expectAccessible(member);

  // An agreement with a responsible and a due date.
  await chair.getByLabel("Acuerdo", { exact: true }).fill(`Publicar el informe ${stamp}`);
  await chair.getByLabel("Responsable").fill("Secretaría Técnica (SGP)");
  await chair.getByLabel("Plazo").fill("2027-03-01");
  await chair.getByRole("button", { name: "Registrar un acuerdo" }).click();
  await expect(member.getByTestId("agreement-row")).toContainText(`Publicar el informe ${stamp}`);
  await expect(minutes(member)).toContainText(`Acuerdo: «Publicar el informe ${stamp}»`);

  // The session closes; the minutes are circulated, approved, frozen and fingerprinted.
  await chair.getByRole("button", { name: "Cerrar la sesión" }).click();
  await expect(chair.getByText("La sesión se cerró.")).toBeVisible();
  await chair.goto(sessionPath);
  await chair.getByRole("button", { name: "Circular el acta para comentarios" }).click();
  await expect(chair.getByTestId("minutes-status")).toHaveText("Acta en circulación");
  await chair.getByRole("button", { name: "Aprobar y publicar el acta" }).click();
  await expect(chair.getByTestId("minutes-status")).toHaveText("Acta aprobada");
  const hash = (await chair.getByTestId("minutes-hash").textContent())!.trim();
  expect(hash).toMatch(/^[0-9a-f]{64}$/);

  // Published: anyone reads it, and the Markdown download has that fingerprint.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(sessionPath);
  await expect(visitor.getByTestId("minutes-status")).toHaveText("Acta aprobada");
  await expect(visitor.getByTestId("minutes-text")).toContainText(`Se revisó el avance del plan ${stamp}.`);
  await expect(visitor.getByTestId("minutes-text")).toContainText(`Moción: «${motionText}» — RECHAZADA`);
  const markdown = await (await visitor.request.get(`${sessionPath}/acta.md`)).text();
  expect(createHash("sha256").update(markdown, "utf8").digest("hex")).toBe(hash);
  await expectAccessible(visitor);

  // The approved minutes are read-only in the live room now.
  await member.goto(livePath);
  await expect(member.getByText("Puedes leer el acta en vivo; solo los miembros del Foro la escriben.")).toBeVisible();
  await expect(minutes(member)).toHaveAttribute("contenteditable", "false");
});

test("the forum's public page: composition by sector and region, rules, standards, agreements", async ({ page }) => {
  await page.goto("/foro");
  await expect(page.getByRole("heading", { level: 1, name: "Foro Multiactor" })).toBeVisible();
  await expect(page.getByTestId("members-CIVIL_SOCIETY")).toContainText("Rosa Quispe (demo)");
  await expect(page.getByTestId("members-ACADEMIA")).toContainText("Mateo Rojas (demo)");
  await expect(page.getByTestId("members-by-region")).toContainText("La Libertad");
  await expect(page.getByTestId("quorum-rule")).toContainText("Al menos un miembro de cada sector");
  await expect(page.getByTestId("standards")).toContainText("Sesionó en los últimos seis meses: Cumple");
  await expect(page.locator("tr.overdue").first()).toContainText("Vencido");
  await expectAccessible(page);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the forum's pages fit the screen without sideways scrolling, with no script errors", async ({ page }) => {
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    const sessions = (await (await page.request.get("/api/v1/forum/sessions")).json()) as { data: { id: string }[] };
    const paths = ["/foro", "/foro/sesiones", ...sessions.data.slice(0, 2).flatMap((s) => [`/foro/sesiones/${s.id}`])];
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator("h1")).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    expect(errors).toEqual([]);
  });

  test("the forum's page reads in English and passes axe", async ({ page }) => {
    await page.goto("/foro");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Multi-stakeholder Forum" })).toBeVisible();
    await expect(page.getByTestId("quorum-rule")).toContainText("At least one member of each sector");
    await expectAccessible(page);
  });
});
