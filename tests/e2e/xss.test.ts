import { randomUUID } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { expect, type Page } from "@playwright/test";
import * as Y from "yjs";
import { PrismaClient } from "../../app/generated/prisma/client.ts";
import { collabClient } from "../support/collab.ts";
import { test } from "../support/e2e.ts";

// XSS: a corpus of payloads in every field a person can fill that this branch has (names,
// organisation names and descriptions, version names, rich text and structured fields of a live
// draft written with raw Yjs updates that bypass the editor, query parameters), then every page
// that shows them loaded in Chromium with a `window.__xss` trap: nothing may execute.

const PAYLOADS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=1">`,
  `"><svg onload=window.__xss=1>`,
  `'><iframe srcdoc="<script>parent.__xss=1</script>">`,
  `javascript:window.__xss=1`,
  `</title><script>window.__xss=1</script>`,
  `{{constructor.constructor('window.__xss=1')()}}`,
  `<a href="javascript:window.__xss=1">x</a>`,
  `<details open ontoggle=window.__xss=1>`,
  `\u2028<style>@import "javascript:window.__xss=1"</style>`,
];
const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3300}`;

const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: "file:./tests/.tmp/e2e.db", timeout: 5000 }) });

test.afterAll(async () => {
  await db.$disconnect();
});

/** Writes into a live draft with the stock y-websocket provider, as any client could. */
async function writeRawYjs(commitmentId: string, cookie: string, write: (doc: Y.Doc) => void) {
  // y-websocket's own reconnection back-off, as in the browser.
  const { doc, provider, destroy } = collabClient({ url: BASE, origin: BASE }, `commitment/${commitmentId}`, cookie, {
    maxBackoffTime: 2_500,
  });
  await expect.poll(() => provider.synced, { timeout: 20_000 }).toBe(true);
  write(doc);
  // Let the update reach the server and be stored before the pages read it.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  destroy();
}

/** Opens a page and checks that nothing of the corpus ran or became live markup. */
async function visit(page: Page, path: string, dialogs: string[]) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await page.waitForLoadState("networkidle");
  const found = await page.evaluate(() => ({
    trap: (window as unknown as { __xss?: unknown }).__xss,
    handlers: document.querySelectorAll("[onerror],[onload],[onclick],[ontoggle],iframe[srcdoc]").length,
    javascriptLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    // Remix puts loader data (names included) in an inline script: it must arrive escaped as data.
    inlineScripts: [...document.querySelectorAll("script:not([src])")].filter((s) =>
      /<\s*\/?\s*(script|img|svg|iframe|details|style|a)\b/i.test(s.textContent ?? ""),
    ).length,
  }));
  expect(found, path).toEqual({ trap: undefined, handlers: 0, javascriptLinks: 0, inlineScripts: 0 });
  expect(dialogs, path).toEqual([]);
}

test("no payload executes on any page that shows what people wrote", async ({
  browser,
  request,
  login,
  freshPerson,
}) => {
  test.setTimeout(180_000);
  const stamp = randomUUID().slice(0, 8);

  // A person whose name is a payload, member of organisations named with payloads.
  const name = `Ana ${PAYLOADS[1]} ${PAYLOADS[2]}`.slice(0, 120);
  const { email, password, cookie } = await freshPerson({ name, email: `xss-${stamp}@example.pe` });
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const slugs: string[] = [];
  for (const [index, payload] of PAYLOADS.entries()) {
    const slug = `xss-${stamp}-${index}`;
    slugs.push(slug);
    await db.organization.create({
      data: {
        slug,
        name: `Org ${payload}`,
        acronym: payload.slice(0, 20),
        description: `Descripción ${payload}`,
        kind: "ORGANIZATION",
        sector: "CIVIL_SOCIETY",
        memberships: { create: { userId: user.id, title: payload } },
      },
    });
  }

  // A draft of its own, with the person on its team and a version named with a payload.
  const plan = await db.plan.findUniqueOrThrow({ where: { id: "plan-demostracion-2027-2028" } });
  const number = 900 + Math.floor(Math.random() * 90);
  const commitment = await db.commitment.create({
    data: {
      planId: plan.id,
      number,
      title: `Compromiso XSS ${stamp}`,
      status: "DRAFT",
      problem: `Problema ${PAYLOADS[0]}`,
      team: { create: [{ userId: user.id }] },
    },
  });
  const version = await request.post(`/compromisos/${commitment.id}/historial`, {
    form: { intent: "create-version", name: PAYLOADS[3]!.slice(0, 120) },
    headers: { Origin: BASE, Cookie: cookie },
    maxRedirects: 0,
  });
  expect(version.status()).toBe(302);

  // Rich text and structured fields written with raw Yjs updates, bypassing the editor.
  await writeRawYjs(commitment.id, cookie, (doc) => {
    doc.transact(() => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(`Texto crudo ${stamp} ${PAYLOADS.join(" ")}`)]);
      doc.getXmlFragment("prose:problem").push([paragraph]);
      doc.getMap("fields").set("contactName", PAYLOADS[1]!);
      doc.getMap("fields").set("contactEmail", `${PAYLOADS[4]}@x.pe`);
      const milestone = new Y.Map<string>();
      milestone.set("id", `m-${stamp}`);
      milestone.set("description", PAYLOADS[2]!);
      milestone.set("responsible", PAYLOADS[0]!);
      doc.getArray("milestones").push([milestone]);
    });
  });
  // Markup the editor would never produce: elements and attributes outside its schema.
  await writeRawYjs(commitment.id, cookie, (doc) => {
    doc.transact(() => {
      const img = new Y.XmlElement("img");
      img.setAttribute("src", "x");
      img.setAttribute("onerror", "window.__xss=1");
      const script = new Y.XmlElement("script");
      script.insert(0, [new Y.XmlText("window.__xss=1")]);
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.setAttribute("onclick", "window.__xss=1");
      paragraph.insert(0, [new Y.XmlText("párrafo con atributos")]);
      doc.getXmlFragment("prose:description").push([img, script, paragraph]);
    });
  });

  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await login(page, email, password);
  const versionRow = await db.commitmentVersion.findFirstOrThrow({ where: { commitmentId: commitment.id } });
  const paths = [
    "/",
    "/organizaciones",
    ...slugs.map((slug) => `/organizaciones/${slug}`),
    "/cuenta",
    "/cuenta/mis-datos",
    `/compromisos/${commitment.id}`,
    `/compromisos/${commitment.id}/historial`,
    `/compromisos/${commitment.id}/historial/${versionRow.id}`,
    `/compromisos/${commitment.id}/comparar?de=${versionRow.id}&a=${versionRow.id}`,
    `/planes?ambito=${encodeURIComponent(PAYLOADS[0]!)}`,
    `/organizaciones?sector=${encodeURIComponent(PAYLOADS[2]!)}`,
    `/compromisos/${commitment.id}/comparar?de=${encodeURIComponent(PAYLOADS[1]!)}&a=${encodeURIComponent(PAYLOADS[4]!)}`,
  ];
  for (const path of paths) await visit(page, path, dialogs);

  // The payloads reached the pages as text.
  await page.goto(`/organizaciones/${slugs[0]}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Org ${PAYLOADS[0]}`);
  await page.goto("/cuenta");
  await expect(page.getByText(name).first()).toBeVisible();

  // The live editor renders the raw Yjs content, with the person's name in presence; a second
  // person watching sees it too, and the "who wrote what" view credits it.
  await visit(page, `/compromisos/${commitment.id}/editar`, dialogs);
  await expect(page.getByTestId("connection-status")).toContainText(/Conectado/);
  await expect(page.locator('[data-field="problem"] .ProseMirror')).toContainText(`Texto crudo ${stamp}`);
  const watcher = await (await browser.newContext()).newPage();
  watcher.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await watcher.goto(`/compromisos/${commitment.id}/editar`);
  await expect(watcher.getByTestId("connection-status")).toContainText(/Conectado/);
  await expect(watcher.getByTestId("presence")).toContainText("Ana <img");
  await watcher.getByRole("button", { name: "¿Quién escribió qué?" }).click();
  await expect(watcher.getByTestId("authorship")).toBeVisible();
  await visit(watcher, watcher.url().replace(BASE, ""), dialogs);
  await page.waitForTimeout(500);
  const trap = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
  expect(trap).toBeUndefined();
  expect(dialogs).toEqual([]);
  await context.close();
});

test("the login page's redirect never becomes a javascript: URL", async ({ page }) => {
  await page.goto(`/ingresar?redirectTo=${encodeURIComponent("javascript:window.__xss=1")}`);
  await page.getByLabel("Correo electrónico").fill("ciudadana@minka.pe");
  await page.getByLabel("Contraseña").fill("minka-demo");
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page).toHaveURL(`${BASE}/`);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
});
