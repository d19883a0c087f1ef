import { describe, expect, it } from "vitest";
import { escapeHtml, headerText, renderMail } from "./layout.ts";

describe("mail layout", () => {
  const hostile = `<img src=x onerror="alert(1)"> & 'Ana' <script>alert(2)</script>`;
  const mail = renderMail({
    locale: "es",
    subject: `Hola\r\nBcc: otra@example.pe ${hostile}`,
    greeting: `Hola, ${hostile}:`,
    paragraphs: [hostile],
    action: { label: "Confirmar", url: `https://minka.example.pe/x?a=1&b="2"` },
    after: ["Después"],
    footer: "Pie",
  });

  it("escapes everything in the HTML body, links included", () => {
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<script");
    expect(mail.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;Ana&#39;");
    expect(mail.html).toContain('href="https://minka.example.pe/x?a=1&amp;b=&quot;2&quot;"');
    expect(mail.html).toContain('<html lang="es-PE">');
  });

  it("keeps the plain-text body as written, with the link on its own line", () => {
    expect(mail.text).toContain(`Hola, ${hostile}:`);
    expect(mail.text).toContain(`Confirmar:\nhttps://minka.example.pe/x?a=1&b="2"`);
    expect(mail.text.trim().endsWith("--\nPie")).toBe(true);
  });

  it("keeps line breaks out of the subject (no header injection)", () => {
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(headerText("a\u0000b\nc")).toBe("a b c");
    expect(escapeHtml(`"&'<>`)).toBe("&quot;&amp;&#39;&lt;&gt;");
  });
});
