import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { proseFragment, setFragmentText } from "../../app/drafting/document.ts";
import { collabClient } from "../support/collab.ts";
import { expectAccessible, test } from "../support/e2e.ts";

// History, comparison and restore of a demo draft commitment, in the browser and without
// JavaScript-only paths: the demo public servant (on the drafting team) saves a named version,
// the text changes through the live co-drafting endpoint (as the editor changes it), the two are
// compared with insertions and deletions marked and attributed, and the version is restored as a
// new change. An anonymous visitor reads the history but cannot change it.
//
// The third demo commitment's baseline is used: the co-drafting tests write other fields.

const PLAN = "plan-demostracion-2027-2028";

async function demoCommitmentId(request: APIRequestContext, index = 2) {
  const response = await request.get(`/api/v1/plans/${PLAN}`);
  const { data } = (await response.json()) as { data: { commitments: { id: string }[] } };
  return data.commitments[index]!.id;
}

async function baseline(request: APIRequestContext, id: string): Promise<string> {
  const response = await request.get(`/api/v1/commitments/${id}`);
  const { data } = (await response.json()) as { data: { baseline: string | null } };
  return data.baseline ?? "";
}

/** Rewrites a prose field over the collaboration websocket with the page's session, as the editor does. */
async function rewriteLive(page: Page, id: string, text: string) {
  const origin = new URL(page.url()).origin;
  const session = (await page.context().cookies()).find((cookie) => cookie.name === "minka_session");
  expect(session, "logged in").toBeTruthy();
  // y-websocket's own reconnection back-off, as in the browser.
  const { doc, provider, destroy } = collabClient(
    { url: origin, origin },
    `commitment/${id}`,
    `minka_session=${session!.value}`,
    { maxBackoffTime: 2_500 },
  );
  try {
    await expect.poll(() => provider.synced, { message: "synced with the room" }).toBe(true);
    doc.transact(() => setFragmentText(proseFragment(doc, "baseline"), text));
    // Stored and projected: the public API shows it.
    await expect.poll(() => baseline(page.request, id), { timeout: 15_000 }).toBe(text);
  } finally {
    destroy();
  }
}

test("the drafting team saves a named version, compares it with a live change and restores it", async ({
  page,
  login,
}) => {
  await login(page, "servidor@minka.pe");
  const id = await demoCommitmentId(page.request);
  const stamp = Date.now().toString(36);
  const versionName = `Antes del cambio ${stamp}`;
  const original = await baseline(page.request, id);
  expect(original.length).toBeGreaterThan(0);

  // From the commitment page to its history; save a named version.
  await page.goto(`/compromisos/${id}`);
  await page.getByRole("link", { name: "Historial y versiones" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Historial de versiones" })).toBeVisible();
  await page.getByLabel("Nombre de la versión").fill(versionName);
  await page.getByRole("button", { name: "Guardar versión" }).click();
  await expect(page.getByRole("status")).toContainText(/Se guardó la versión \d+\./);
  await expect(page.getByTestId("versions")).toContainText(versionName);

  // The text changes live (the co-drafting endpoint, with this session).
  const rewritten = `Línea de base reescrita en vivo ${stamp}.`;
  await rewriteLive(page, id, rewritten);
  await page.goto(`/compromisos/${id}`);
  await expect(page.getByText(rewritten)).toBeVisible();
  await expect(page.getByTestId("contributors")).toContainText("Jorge Huamán (demo)");

  // Compare the named version with the current state.
  await page.getByRole("link", { name: "Historial y versiones" }).click();
  const fromValue = await page.locator("#compare-from option", { hasText: versionName }).getAttribute("value");
  await page.getByLabel("Desde").selectOption(fromValue!);
  await page.getByLabel("Hasta").selectOption("actual");
  await page.getByRole("button", { name: "Comparar" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Comparación de versiones" })).toBeVisible();
  const field = page.locator('[data-field="baseline"]');
  await expect(field.getByRole("heading", { name: "Línea de base (situación actual)" })).toBeVisible();
  await expect(field.locator("ins")).toContainText(rewritten.replace(/\.$/, ""));
  await expect(field.locator("ins")).toContainText("+añadido:");
  await expect(field.locator("del")).toContainText(original.slice(0, 30));
  await expect(field.locator("del")).toContainText("−eliminado:");
  await expect(field).toContainText("escrito por Jorge Huamán (demo)");
  await expectAccessible(page);

  // Open the version and restore it.
  await page.getByRole("link", { name: "Volver al historial" }).click();
  await page.getByRole("link", { name: new RegExp(versionName) }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(versionName);
  await expect(page.getByText(original)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: /Restaurar la versión \d+/ }).click();
  await expect(page.getByRole("status")).toContainText(/Se restauró la versión \d+ como un cambio nuevo/);
  await expect(page.getByTestId("versions").getByRole("row").nth(1)).toContainText("Restauración de la versión");
  await expect(page.getByTestId("versions").getByRole("row").nth(1)).toContainText("Jorge Huamán (demo)");
  expect(await baseline(page.request, id)).toBe(original);

  // The public page shows the restored text again.
  await page.goto(`/compromisos/${id}`);
  await expect(page.getByText(original)).toBeVisible();
  await expect(page.getByText(rewritten)).toHaveCount(0);
});

test("an anonymous visitor reads the history but cannot change it", async ({ page, pageAs }) => {
  const id = await demoCommitmentId(page.request);
  // Make sure there is a version to read: the drafting team saves one.
  const team = await pageAs("servidor@minka.pe");
  await team.goto(`/compromisos/${id}/historial`);
  const name = `Para leer ${Date.now().toString(36)}`;
  await team.getByLabel("Nombre de la versión").fill(name);
  await team.getByRole("button", { name: "Guardar versión" }).click();
  await expect(team.getByRole("status")).toContainText("Se guardó la versión");
  await team.close();

  await page.goto(`/compromisos/${id}`);
  await page.getByRole("link", { name: "Historial y versiones" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Historial de versiones" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Guardar una versión con nombre" })).toHaveCount(0);
  await expect(page.getByLabel("Nombre de la versión")).toHaveCount(0);
  await expectAccessible(page);

  await page.getByRole("link", { name: new RegExp(name) }).click();
  await expect(page.getByText("Esta es una versión guardada")).toBeVisible();
  await expect(page.getByRole("button", { name: /Restaurar/ })).toHaveCount(0);
  await expectAccessible(page);

  // Posting anyway leads to the login page and changes nothing.
  const origin = new URL(page.url()).origin;
  const restore = await page.request.post(page.url(), {
    form: { intent: "restore" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(restore.status()).toBe(302);
  expect(restore.headers().location).toMatch(/^\/ingresar/);
  const anonymousName = `Anónima ${Date.now().toString(36)}`;
  const create = await page.request.post(`/compromisos/${id}/historial`, {
    form: { intent: "create-version", name: anonymousName },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(create.status()).toBe(302);
  expect(create.headers().location).toMatch(/^\/ingresar/);
  await page.goto(`/compromisos/${id}/historial`);
  await expect(page.getByTestId("versions")).toContainText(name);
  await expect(page.getByTestId("versions")).not.toContainText(anonymousName);
});
