import { describe, expect, it } from "vitest";
import { colorForUser, contrastRatio, labelTextColor } from "./protocol.ts";

describe("caret label colours", () => {
  it("computes WCAG contrast ratios", () => {
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#777777")).toBe(1);
    // The WCAG reference pair: #767676 on white is just above 4.5:1.
    expect(contrastRatio("#767676", "#ffffff")).toBeGreaterThan(4.5);
    expect(contrastRatio("#777777", "#ffffff")).toBeLessThan(4.5);
  });

  it("names every person in a readable colour on theirs, whatever their hue", () => {
    const backgrounds = Array.from({ length: 2000 }, (_, i) => colorForUser(`user-${i}`));
    const ratios = backgrounds.map((background) => contrastRatio(background, labelTextColor(background)));
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(4.5);
    // White alone (TipTap's default) fails on the yellows and greens: the case this fixes.
    expect(Math.min(...backgrounds.map((background) => contrastRatio(background, "#ffffff")))).toBeLessThan(4.5);
  });

  it("falls back to white for a colour that is not #rrggbb", () => {
    expect(labelTextColor("red; background: url(x)")).toBe("#ffffff");
  });
});
