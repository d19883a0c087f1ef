import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

// The browser tests' fixtures: `test` is Playwright's, extended with
//   login(page, email, password?)   logs a page in through the login form, as a person would;
//   pageAs(email, options?)         a page in a browser context of its own (its own cookies),
//                                   logged in; every context it opened is closed after the test;
//   freshPerson(options?)           a person registered just now through the sign-up form's post.
// Specs take `expect` and the types from @playwright/test, and `test` from here.

/** The demo people's password (prisma/seed). */
export const DEMO_PASSWORD = "minka-demo";
/** The password freshPerson gives a new person unless told otherwise. */
export const FRESH_PASSWORD = "una frase segura";

/** A person registered by freshPerson, with the session cookie the registration gave them. */
export type FreshPerson = { email: string; password: string; name: string; cookie: string };

type Fixtures = {
  login: (page: Page, email: string, password?: string) => Promise<void>;
  pageAs: (email: string, options?: { password?: string; context?: BrowserContextOptions }) => Promise<Page>;
  freshPerson: (options?: { name?: string; email?: string; password?: string }) => Promise<FreshPerson>;
};

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  login: async ({}, use) => {
    await use(async (page, email, password = DEMO_PASSWORD) => {
      await base.step(`log in as ${email}`, async () => {
        await page.goto("/ingresar");
        await page.getByLabel("Correo electrónico").fill(email);
        await page.getByLabel("Contraseña").fill(password);
        await page.getByRole("button", { name: "Ingresar" }).click();
        await expect(page.getByRole("link", { name: /Mi cuenta/ })).toBeVisible();
      });
    });
  },

  pageAs: async ({ browser, login }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (email, options = {}) => {
      const context = await browser.newContext(options.context);
      contexts.push(context);
      const page = await context.newPage();
      await login(page, email, options.password);
      return page;
    });
    for (const context of contexts) await context.close();
  },

  freshPerson: async ({ playwright, baseURL }, use) => {
    const origin = new URL(baseURL!).origin;
    await use(async (options = {}) => {
      const name = options.name ?? "Persona de Prueba";
      const email = options.email ?? `persona-${randomUUID().slice(0, 8)}@example.pe`;
      const password = options.password ?? FRESH_PASSWORD;
      const request = await playwright.request.newContext({ baseURL });
      try {
        const response = await request.post("/registro", {
          form: { name, email, password, passwordConfirm: password, consent: "on" },
          headers: { Origin: origin },
          maxRedirects: 0,
        });
        expect(response.status(), `registering ${email}`).toBe(302);
        const session = response
          .headersArray()
          .find((header) => header.name.toLowerCase() === "set-cookie" && header.value.startsWith("minka_session="));
        expect(session, `a session cookie for ${email}`).toBeTruthy();
        return { email, password, name, cookie: session!.value.split(";")[0]! };
      } finally {
        await request.dispose();
      }
    });
  },
});

/** Fails on any WCAG 2.1 A or AA violation axe-core finds on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}
