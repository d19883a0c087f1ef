import { describe, expect, it } from "vitest";
import { acceptEvidenceFile, EVIDENCE_MAX_BYTES, evidenceHeaders, sanitizeFileName } from "./evidence.server.ts";

const PDF = new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n", "latin1"));
// A 1×1 PNG.
const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  ),
);

describe("evidence files", () => {
  it("accepts a PDF and a PNG by their bytes, whatever the name says", async () => {
    const pdf = await acceptEvidenceFile("acta.png", PDF);
    expect(pdf).toMatchObject({
      ok: true,
      file: { mediaType: "application/pdf", fileName: "acta.pdf", size: PDF.byteLength },
    });
    const png = await acceptEvidenceFile("foto", PNG);
    expect(png).toMatchObject({ ok: true, file: { mediaType: "image/png", fileName: "foto.png" } });
    if (pdf.ok) expect(pdf.file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses HTML, scripts, executables and plain text even when named .pdf", async () => {
    const html = new Uint8Array(Buffer.from("<!doctype html><script>alert(1)</script>"));
    expect(await acceptEvidenceFile("informe.pdf", html)).toEqual({ ok: false, error: "evidence.wrongType" });
    const svg = new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    expect(await acceptEvidenceFile("grafico.svg", svg)).toEqual({ ok: false, error: "evidence.wrongType" });
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]);
    expect(await acceptEvidenceFile("informe.pdf", exe)).toEqual({ ok: false, error: "evidence.wrongType" });
    expect(await acceptEvidenceFile("vacio.pdf", new Uint8Array())).toEqual({ ok: false, error: "evidence.empty" });
  });

  it("refuses a file over the size limit", async () => {
    const big = new Uint8Array(EVIDENCE_MAX_BYTES + 1);
    big.set(PDF);
    expect(await acceptEvidenceFile("grande.pdf", big)).toEqual({ ok: false, error: "evidence.tooLarge" });
    const atLimit = new Uint8Array(EVIDENCE_MAX_BYTES);
    atLimit.set(PDF);
    expect((await acceptEvidenceFile("justo.pdf", atLimit)).ok).toBe(true);
  });

  it("sanitises names: no folders, no special characters, no leading dot, the sniffed extension", () => {
    expect(sanitizeFileName("../../etc/passwd", "pdf")).toBe("passwd.pdf");
    expect(sanitizeFileName("C:\\Users\\x\\Informe final.pdf", "pdf")).toBe("Informe final.pdf");
    expect(sanitizeFileName("informe.pdf.exe", "pdf")).toBe("informe_pdf.pdf");
    expect(sanitizeFileName(".htaccess", "png")).toBe("evidencia.png");
    expect(sanitizeFileName(".informe secreto.pdf", "pdf")).toBe("informe secreto.pdf");
    expect(sanitizeFileName('a"b<c>d|e;rm -rf$(x).pdf', "pdf")).toBe(
      "a_b_c_d_e_rm -rf_x_.pdf".replace("_x_.pdf", "_x.pdf"),
    );
    expect(sanitizeFileName("Año de gestión ñandú.pdf", "pdf")).toBe("Año de gestión ñandú.pdf");
    expect(sanitizeFileName("\u0000\u202e.pdf", "pdf")).toBe("evidencia.pdf");
    expect(sanitizeFileName("x".repeat(300), "pdf")).toHaveLength(104);
  });

  it("serves files as downloads that are never sniffed or run", () => {
    const headers = evidenceHeaders({
      fileName: 'Informe ñ "x".pdf',
      mediaType: "application/pdf",
      size: 10,
      sha256: "ab",
    });
    expect(headers["Content-Disposition"]).toBe(
      `attachment; filename="Informe n _x_.pdf"; filename*=UTF-8''${encodeURIComponent('Informe ñ "x".pdf')}`,
    );
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Content-Security-Policy"]).toBe("default-src 'none'; sandbox");
    expect(headers["Content-Type"]).toBe("application/pdf");
  });
});
