import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv.server.ts";

describe("CSV for open data", () => {
  it("quotes commas, quotes and line breaks, doubling quotes, with CRLF rows and a BOM", () => {
    const csv = toCsv(["a", "b", "c"], [["uno, dos", 'dijo "sí"', "línea 1\nlínea 2"]]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1)).toBe('a,b,c\r\n"uno, dos","dijo ""sí""","línea 1\nlínea 2"\r\n');
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const formula of ["=1+1", "+51 999", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")']) {
      expect(csvCell(formula)).toBe(`'${formula}`);
    }
    const csv = toCsv(["x"], [['=HYPERLINK("http://evil","clic")']]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""clic"")"`);
  });

  it("keeps plain values, numbers (negative too), booleans as 0/1, dates as ISO and empty for null", () => {
    expect(csvCell("Salud")).toBe("Salud");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(true)).toBe("1");
    expect(csvCell(false)).toBe("0");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(new Date("2027-01-02T03:04:05.000Z"))).toBe("2027-01-02T03:04:05.000Z");
    expect(toCsv(["n", "s"], [[null, "x"]]).slice(1)).toBe("n,s\r\n,x\r\n");
  });
});
