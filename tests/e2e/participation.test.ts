import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, test } from "../support/e2e.ts";

// Participation in a real browser: the XSS corpus through the forms (nothing executes), live
// counts and notifications across two people, plain forms without JavaScript, and the axe scan.

const PLAN = "plan-demostracion-2027-2028";

/** Payloads that would run script if any text were interpreted as HTML or as a URL. */
const XSS_PAYLOADS = [
  `<script>window.__xss=1</script>`,
  `<img src=x onerror="window.__xss=1">`,
  `<svg onload="window.__xss=1"></svg>`,
  `"><script>window.__xss=1</script>`,
  `'><img src=x onerror=window.__xss=1>`,
  `<a href="javascript:window.__xss=1">enlace</a>`,
  `javascript:window.__xss=1`,
  `<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>`,
  `<details open ontoggle="window.__xss=1">x</details>`,
  `</textarea><script>window.__xss=1</script>`,
  `</title><script>window.__xss=1</script>`,
  `<body onload="window.__xss=1">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>`,
  `{{constructor.constructor('window.__xss=1')()}}`,
  `<input autofocus onfocus="window.__xss=1">`,
  `<object data="javascript:window.__xss=1"></object>`,
];

function guard(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    async expectInert() {
      expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
    },
  };
}

/** Posts a form as the browser's session would (same origin, its cookies). */
async function postAs(page: Page, path: string, form: Record<string, string>) {
  const origin = new URL(page.url()).origin;
  return page.request.post(path, { form, headers: { Origin: origin }, maxRedirects: 0 });
}

test("every text a person writes is inert: an XSS corpus through the forms executes nothing", async ({
  page,
  pageAs,
}) => {
  test.setTimeout(120_000);
  const xss = guard(page);
  // A person registers with a payload as their name.
  const email = `xss-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.pe`;
  const name = `<img src=x onerror="window.__xss=1">`;
  await page.goto("/registro");
  await page.getByLabel("Nombre completo").fill(name);
  await page.getByLabel("Correo electrónico").fill(email);
  await page.getByLabel("Contraseña", { exact: true }).fill(DEMO_PASSWORD + DEMO_PASSWORD);
  await page.getByLabel("Repite la contraseña").fill(DEMO_PASSWORD + DEMO_PASSWORD);
  await page.getByLabel(/Acepto el tratamiento de mis datos personales/).check();
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page).toHaveURL(/\/cuenta/);

  // One proposal through the form in the page, with a payload as its title and the corpus as its body.
  await page.goto(`/propuestas/nueva?plan=${PLAN}`);
  const title = `XSS ${XSS_PAYLOADS[1]}`;
  await page.getByLabel("Título").fill(title);
  await page.getByLabel("Tu propuesta").fill(XSS_PAYLOADS.join("\n"));
  await page.getByRole("button", { name: "Publicar la propuesta" }).click();
  await expect(page).toHaveURL(/\/propuestas\/[a-z0-9]+\?hecho=publicada/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const proposalPath = new URL(page.url()).pathname;

  // A comment through the page's form, then the rest of the corpus through the same form posts.
  await page.getByLabel("Tu comentario").fill(XSS_PAYLOADS[0]!);
  await page.getByRole("button", { name: "Publicar el comentario" }).click();
  await expect(page.locator(".comment-body", { hasText: XSS_PAYLOADS[0]! })).toBeVisible();
  for (const payload of XSS_PAYLOADS.slice(1)) {
    const response = await postAs(page, proposalPath, { intent: "comment", body: payload, stance: "AGAINST" });
    expect(response.status()).toBe(302);
  }
  for (const payload of XSS_PAYLOADS.slice(2, 6)) {
    const response = await postAs(page, "/propuestas/nueva", {
      planId: PLAN,
      title: `XSS ${payload}`.slice(0, 150),
      body: `Cuerpo de la prueba con ${payload}`,
    });
    expect(response.status()).toBe(302);
  }
  // A report and an endorsement carry the name and the payloads to other people's views.
  await postAs(page, proposalPath, { intent: "endorse" });

  // Another person replies, so the author's notification shows the payload title too.
  const other = await pageAs("empresa@minka.pe");
  const commentId = await page.locator("article.comment").first().getAttribute("id");
  await postAs(other, proposalPath, {
    intent: "comment",
    body: XSS_PAYLOADS[4]!,
    parentId: commentId!.replace("comentario-", ""),
  });
  await other.context().close();

  // Every page where those texts appear, read back: all of it is shown as text, none runs.
  await page.goto(proposalPath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  for (const payload of XSS_PAYLOADS) {
    await expect(page.locator(".comment-body", { hasText: payload }).first()).toBeVisible();
  }
  await expect(page.locator("#adhesiones")).toContainText(name);
  await page.locator("details summary", { hasText: "Editar" }).first().click();
  await xss.expectInert();
  await page.goto(`/propuestas?q=xss&plan=${PLAN}`);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await xss.expectInert();
  await page.goto("/notificaciones");
  await expect(page.getByRole("button", { name: /Respondieron a tu comentario/ })).toBeVisible();
  await xss.expectInert();
  // Error redisplay: an invalid form comes back with the payload kept as the field's value only.
  await page.goto(proposalPath);
  await page.getByLabel("Tu comentario").fill(`${XSS_PAYLOADS[9]}${"x".repeat(3001)}`);
  await page.getByLabel("Tu comentario").evaluate((el) => el.removeAttribute("maxlength"));
  await page.getByLabel("Tu comentario").fill(`${XSS_PAYLOADS[9]}${"x".repeat(3001)}`);
  await page.getByRole("button", { name: "Publicar el comentario" }).click();
  await expect(page.getByText("El comentario puede tener hasta 3000 caracteres.")).toBeVisible();
  await xss.expectInert();
});

test("supports, endorsements, comments and the unread count update live for another person", async ({
  page,
  login,
  pageAs,
}) => {
  await login(page, "ciudadana@minka.pe");
  await page.goto(`/propuestas/nueva?plan=${PLAN}`);
  const title = `Propuesta en vivo ${Date.now()}`;
  await page.getByLabel("Título").fill(title);
  await page.getByLabel("Tu propuesta").fill("Una propuesta para ver los apoyos llegar en vivo, sin recargar.");
  await page.getByRole("button", { name: "Publicar la propuesta" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const path = new URL(page.url()).pathname;
  await expect(page.locator("#apoyos")).toContainText("0 apoyos");
  await expect(page.getByTestId("notifications-link")).toBeVisible();
  const before = await page.getByTestId("notifications-link").textContent();

  const other = await pageAs("academia@minka.pe");
  await other.goto(path);
  await other.getByRole("button", { name: "Apoyar", exact: true }).click();
  await expect(other.locator("#apoyos")).toContainText("1 apoyo");
  await other.getByRole("button", { name: "Adherirme (con mi nombre)" }).click();
  await other.getByLabel("Tu comentario").fill("Comentario que llega en vivo");
  await other.getByRole("button", { name: "Publicar el comentario" }).click();

  // The author's page, never reloaded, shows it all.
  await expect(page.locator("#apoyos")).toContainText("1 apoyo");
  await expect(page.locator("#apoyos tr", { hasText: "Academia" })).toContainText("1");
  await expect(page.locator("#adhesiones")).toContainText("Ana Torres (demo)");
  await expect(page.getByText("Comentario que llega en vivo")).toBeVisible();
  await expect(page.getByTestId("notifications-link")).not.toHaveText(before ?? "");
  await expect(page.getByTestId("notifications-link")).toContainText("sin leer");
  await other.context().close();
});

test("publishing, voting and commenting work as plain forms without JavaScript", async ({ pageAs }) => {
  const page = await pageAs("foro@minka.pe", { context: { javaScriptEnabled: false } });
  await page.goto(`/propuestas/nueva?plan=${PLAN}`);
  const title = `Propuesta sin JavaScript ${Date.now()}`;
  await page.getByLabel("Título").fill(title);
  await page.getByLabel("Tu propuesta").fill("Una propuesta publicada con un formulario simple, sin JavaScript.");
  await page.getByRole("button", { name: "Publicar la propuesta" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const votes = page.locator("#apoyos .big-count");
  await expect(votes).toHaveText("0 apoyos");
  await page.getByRole("button", { name: "Apoyar", exact: true }).click();
  await expect(page).toHaveURL(/hecho=apoyo/);
  await expect(votes).toHaveText("1 apoyo");
  await page.getByRole("button", { name: "Retirar mi apoyo" }).click();
  await expect(votes).toHaveText("0 apoyos");
  await page.getByLabel("Tu comentario").fill("Comentario sin JavaScript");
  await page.getByLabel("En contra").check();
  await page.getByRole("button", { name: "Publicar el comentario" }).click();
  await expect(page.locator(".comment", { hasText: "Comentario sin JavaScript" })).toContainText("En contra");
  await page.context().close();
});

test("the participation pages pass the accessibility scan", async ({ page, login }) => {
  await page.goto("/propuestas");
  await expectAccessible(page);
  await page.goto(`/propuestas?plan=${PLAN}`);
  await expect(page.getByRole("heading", { name: "Respuestas del equipo del plan" })).toBeVisible();
  await expectAccessible(page);
  await page.locator(".proposal-list h2 a").first().click();
  await expect(page.locator("#apoyos")).toBeVisible();
  await expectAccessible(page);
  await login(page, "servidor@minka.pe");
  await page.goto(`/propuestas?plan=${PLAN}&orden=support`);
  await page.locator(".proposal-list h2 a").first().click();
  await page.locator("details summary", { hasText: "Responder a esta propuesta" }).click();
  await page.locator(".comment-actions details summary", { hasText: "Responder" }).first().click();
  await expectAccessible(page);
  await page.goto("/propuestas/nueva");
  await page.getByRole("button", { name: "Publicar la propuesta" }).click();
  await expect(page.getByText("Escribe un título.")).toBeVisible();
  await expectAccessible(page);
  await page.goto("/notificaciones");
  await expectAccessible(page);
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`/propuestas?plan=${PLAN}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("a comment anchored to a passage of the draft, answered by the plan's team with reasons", async ({
  page,
  login,
  pageAs,
}) => {
  const plan = (await (await page.request.get(`/api/v1/plans/${PLAN}`)).json()) as {
    data: { commitments: { id: string }[] };
  };
  const commitmentId = plan.data.commitments.at(-1)!.id;
  await login(page, "foro@minka.pe");
  await page.goto(`/compromisos/${commitmentId}/comentarios`);
  const problem = page.locator(".anchor-field", { has: page.getByRole("heading", { name: "Problema", exact: true }) });
  const paragraph = problem.locator(".anchor-source p").first();
  await expect(paragraph).toBeVisible();
  // Select the paragraph's first word, as a person would with a double click.
  await paragraph.dblclick({ position: { x: 8, y: 8 } });
  const selected = (await page.evaluate(() => window.getSelection()?.toString() ?? "")).trim();
  expect(selected.length).toBeGreaterThan(0);
  await problem.getByRole("button", { name: "Comentar el pasaje seleccionado" }).click();
  await expect(page.getByText(/Tu comentario quedará anclado a/)).toContainText(selected);
  const body = `Comentario anclado ${Date.now()}`;
  await page.getByLabel("Tu comentario sobre el borrador").fill(body);
  await page.getByRole("button", { name: "Publicar el comentario" }).click();
  const comment = page.locator("article.comment", { hasText: body });
  await expect(comment.locator("blockquote")).toContainText(selected);
  await expect(page.getByText(/Tu comentario quedará anclado a/)).toHaveCount(0);
  await expectAccessible(page);

  const team = await pageAs("servidor@minka.pe");
  await team.goto(`/compromisos/${commitmentId}/comentarios`);
  const teamComment = team.locator("article.comment", { hasText: body });
  await teamComment.locator("summary", { hasText: "Responder con razones" }).click();
  await teamComment.getByLabel("Estado").selectOption("NOTED");
  await teamComment.getByLabel(/Razones/).fill("Lo incorporamos en la próxima versión del problema.");
  await teamComment.getByRole("button", { name: "Enviar la respuesta" }).click();
  await expect(team.locator("article.comment", { hasText: body })).toContainText("Tomado en cuenta");
  await team.context().close();
  // The author's page, live, shows the response.
  await expect(comment).toContainText("Lo incorporamos en la próxima versión del problema.");
});
