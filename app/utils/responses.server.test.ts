import { describe, expect, it } from "vitest";
import en from "~/locales/en.ts";
import es from "~/locales/es.ts";
import { localeFromCookies } from "./locale.server.ts";
import { responseText, textResponse } from "./responses.server.ts";

// Plain-text answers come from the locale files, in the language the visitor chose.

describe("server answers", () => {
  it("answers in Spanish by default and in English with the language cookie", async () => {
    const spanish = textResponse(new Request("http://minka.test/x"), 404, "responses.commitmentNotFound");
    expect(spanish.status).toBe(404);
    expect(spanish.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await spanish.text()).toBe("No encontramos ese compromiso.");
    const english = textResponse(
      new Request("http://minka.test/x", { headers: { Cookie: "minka_lang=en" } }),
      403,
      "responses.forbidden",
    );
    expect(await english.text()).toBe("You are not allowed to do this.");
  });

  it("keeps extra headers and falls back to Spanish without a request", async () => {
    const busy = textResponse(undefined, 503, "responses.databaseBusy", { headers: { "Retry-After": "5" } });
    expect(busy.headers.get("Retry-After")).toBe("5");
    expect(await busy.text()).toBe(es.responses.databaseBusy);
    expect(responseText(localeFromCookies("a=b; minka_lang=en"), "responses.tooLarge")).toBe(en.responses.tooLarge);
    expect(responseText(localeFromCookies("minka_lang=xx"), "responses.tooLarge")).toBe(es.responses.tooLarge);
  });
});
