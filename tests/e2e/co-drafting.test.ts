import { expect, type Page } from "@playwright/test";
import { expectAccessible, test } from "../support/e2e.ts";

// Two people in two browsers on the same draft commitment of the demonstration plan.
async function demoCommitmentPath(page: Page, index: number) {
  const response = await page.request.get("/api/v1/plans/plan-demostracion-2027-2028");
  const { data } = (await response.json()) as { data: { commitments: { id: string }[] } };
  return `/compromisos/${data.commitments[index]!.id}/editar`;
}

function field(page: Page, name: string) {
  return page.locator(`[data-field="${name}"] .ProseMirror`);
}

async function openEditor(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByTestId("connection-status")).toContainText(/Conectado/);
}

test("two editors type into the same field and see each other's text and cursor", async ({ pageAs }) => {
  const servant = await pageAs("servidor@minka.pe");
  const admin = await pageAs("admin@minka.pe");
  const path = await demoCommitmentPath(servant, 0);
  await openEditor(servant, path);
  await openEditor(admin, path);

  await expect(servant.getByTestId("presence")).toContainText("Administración SGP");
  await expect(admin.getByTestId("presence")).toContainText("Jorge Huamán");

  const stamp = Date.now().toString(36);
  await field(servant, "problem").click();
  await servant.keyboard.press("Control+End");
  await servant.keyboard.type(` Texto del servidor ${stamp}.`);
  await expect(field(admin, "problem")).toContainText(`Texto del servidor ${stamp}.`);

  await field(admin, "problem").click();
  await admin.keyboard.press("Control+End");
  await admin.keyboard.type(` Y de la secretaría ${stamp}.`);
  await expect(field(servant, "problem")).toContainText(`Y de la secretaría ${stamp}.`);
  await expect(field(servant, "problem")).toContainText(`Texto del servidor ${stamp}.`);

  // The other person's caret is drawn with their name.
  await expect(servant.locator(".collaboration-cursor__label", { hasText: "Administración SGP" })).toBeVisible();

  // Structured fields are live too: ticking a value and adding a milestone.
  const flag = servant.getByLabel("Tecnología e innovación");
  const wasChecked = await flag.isChecked();
  await flag.setChecked(!wasChecked);
  await expect(admin.getByLabel("Tecnología e innovación")).toBeChecked({ checked: !wasChecked });

  // "Who wrote this" names each passage's author.
  await admin.getByRole("button", { name: "¿Quién escribió qué?" }).click();
  const authorship = admin.getByTestId("authorship");
  await expect(authorship.locator(".authored", { hasText: `Texto del servidor ${stamp}` })).toHaveAttribute(
    "title",
    /Jorge Huamán/,
  );
  await expect(authorship.locator(".authored", { hasText: `Y de la secretaría ${stamp}` })).toHaveAttribute(
    "title",
    /Administración SGP/,
  );

  // What they wrote reaches the public, read-only page (the server projects the document there).
  await expect
    .poll(
      async () => {
        await servant.goto(path.replace(/\/editar$/, ""));
        return servant.getByText(`Y de la secretaría ${stamp}.`, { exact: false }).count();
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
});

test("two editors type into the same milestone at once, keep each other's words and see each other's caret", async ({
  pageAs,
}) => {
  const servant = await pageAs("servidor@minka.pe");
  const admin = await pageAs("admin@minka.pe");
  const path = await demoCommitmentPath(servant, 0);
  await openEditor(servant, path);
  await openEditor(admin, path);
  // The first milestone's description: a short field bound to its Y.Text (decision 020).
  const DESCRIPTION = 'textarea[data-text-field^="milestones/"][data-text-field$="/description"]';
  const milestone = (page: Page) => page.locator(DESCRIPTION).first();
  const fieldOf = (page: Page) => page.locator(".field", { has: page.locator(DESCRIPTION) }).first();
  const before = await milestone(servant).inputValue();
  expect(before.length).toBeGreaterThan(0);
  await expect(milestone(admin)).toHaveValue(before);

  // Jorge puts his caret at the end, the secretariat at the start: each sees the other's, named.
  await milestone(servant).click();
  await servant.keyboard.press("Control+End");
  await milestone(admin).click();
  await admin.keyboard.press("Control+Home");
  await expect(fieldOf(admin).getByTestId("field-editors")).toContainText(/Jorge Huamán.* escribe aquí/);
  await expect(fieldOf(admin).locator(".remote-caret-label", { hasText: "Jorge Huamán" })).toBeVisible();
  await expect(fieldOf(servant).getByTestId("field-editors")).toContainText(/Administración SGP.* escribe aquí/);
  await expect(fieldOf(servant).locator(".remote-caret-label", { hasText: "Administración SGP" })).toBeVisible();
  await expectAccessible(admin);

  // Both type at the same time, keystroke by keystroke: nobody's characters are lost.
  const stamp = Date.now().toString(36);
  await Promise.all([
    servant.keyboard.type(` Hito del servidor ${stamp}.`, { delay: 25 }),
    admin.keyboard.type(`Secretaría ${stamp}: `, { delay: 25 }),
  ]);
  const expected = `Secretaría ${stamp}: ${before} Hito del servidor ${stamp}.`;
  await expect(milestone(servant)).toHaveValue(expected);
  await expect(milestone(admin)).toHaveValue(expected);

  // The stored document has both: the public page shows what the server projected.
  await expect
    .poll(
      async () => {
        await servant.goto(path.replace(/\/editar$/, ""));
        return servant.getByText(expected, { exact: false }).count();
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
});

test("a citizen watches the draft live but cannot type", async ({ pageAs }) => {
  const servant = await pageAs("servidor@minka.pe");
  const citizen = await pageAs("ciudadana@minka.pe");
  const path = await demoCommitmentPath(servant, 1);
  await openEditor(servant, path);
  await openEditor(citizen, path);
  await expect(citizen.getByText("Solo el equipo de redacción puede escribir")).toBeVisible();
  await expect(field(citizen, "description")).toHaveAttribute("contenteditable", "false");

  const before = await field(servant, "description").innerText();
  await field(citizen, "description").click();
  await citizen.keyboard.type("intento de la ciudadana");
  await expect(field(citizen, "description")).not.toContainText("intento de la ciudadana");

  const stamp = Date.now().toString(36);
  await field(servant, "description").click();
  await servant.keyboard.press("Control+End");
  await servant.keyboard.type(` En vivo ${stamp}.`);
  await expect(field(citizen, "description")).toContainText(`En vivo ${stamp}.`);
  expect(await field(servant, "description").innerText()).toContain(before.slice(0, 20));
  await expect(field(servant, "description")).not.toContainText("intento de la ciudadana");
});

test("an anonymous visitor reads the draft live, and the editor page passes axe", async ({ page }) => {
  const path = await demoCommitmentPath(page, 2);
  await openEditor(page, path);
  await expect(field(page, "title")).not.toBeEmpty();
  await expectAccessible(page);
  await page.getByRole("button", { name: "¿Quién escribió qué?" }).click();
  await expect(page.getByTestId("authorship")).toBeVisible();
  // The text the commitment had before live drafting is credited as such, not to a person.
  await expect(page.getByTestId("authorship").locator(".legend")).toContainText("Texto inicial del compromiso");
  await expectAccessible(page);
});

test("edits made while offline are kept and merge when the connection returns", async ({ browser, pageAs }) => {
  const servant = await pageAs("servidor@minka.pe");
  const context = servant.context();
  const watcher = await (await browser.newContext()).newPage();
  const path = await demoCommitmentPath(servant, 1);
  await openEditor(servant, path);
  await openEditor(watcher, path);

  await context.setOffline(true);
  await expect(servant.getByTestId("connection-status")).toContainText("Sin conexión");
  const stamp = Date.now().toString(36);
  await field(servant, "contribution").click();
  await servant.keyboard.press("Control+End");
  await servant.keyboard.type(` Escrito sin conexión ${stamp}.`);
  await expect(field(watcher, "contribution")).not.toContainText(stamp);

  await context.setOffline(false);
  await expect(field(watcher, "contribution")).toContainText(`Escrito sin conexión ${stamp}.`, { timeout: 20_000 });
});
