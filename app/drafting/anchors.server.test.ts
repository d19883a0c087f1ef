import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { parseDraftAnchor, resolveAnchor } from "./anchors.server.ts";

// Anchors of draft comments: Yjs relative positions follow the passage as the text around it is
// edited, and malformed anchors are refused.

const encode = (pos: Y.RelativePosition) => Buffer.from(Y.encodeRelativePosition(pos)).toString("base64");

function draft() {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("prose:problem");
  const first = new Y.XmlElement("paragraph");
  const second = new Y.XmlElement("paragraph");
  fragment.insert(0, [first, second]);
  const text1 = new Y.XmlText("Las familias esperan semanas por una cita.");
  const text2 = new Y.XmlText("No hay datos abiertos de espera.");
  first.insert(0, [text1]);
  second.insert(0, [text2]);
  return { doc, text1, text2 };
}

describe("draft anchors", () => {
  it("follow the passage as text is inserted and deleted around it", () => {
    const { doc, text1 } = draft();
    const at = "Las familias esperan ".length;
    const anchor = {
      field: "problem",
      start: encode(Y.createRelativePositionFromTypeIndex(text1, at)),
      end: encode(Y.createRelativePositionFromTypeIndex(text1, at + "semanas".length)),
    };
    expect(resolveAnchor(doc, anchor)).toBe("semanas");
    text1.insert(0, "En La Libertad, ");
    text1.delete("En La Libertad, Las familias ".length, "esperan ".length);
    text1.insert(text1.length, " Y meses para especialistas.");
    expect(text1.toString()).toContain("familias semanas");
    expect(resolveAnchor(doc, anchor)).toBe("semanas");
    // The passage itself deleted: nothing left to point at.
    const from = text1.toString().indexOf("semanas");
    text1.delete(from, "semanas".length);
    expect(resolveAnchor(doc, anchor)).toBeNull();
  });

  it("spans paragraphs", () => {
    const { doc, text1, text2 } = draft();
    const anchor = {
      field: "problem",
      start: encode(Y.createRelativePositionFromTypeIndex(text1, "Las familias esperan semanas por ".length)),
      end: encode(Y.createRelativePositionFromTypeIndex(text2, "No hay".length)),
    };
    expect(resolveAnchor(doc, anchor)).toBe("una cita.\nNo hay");
  });

  it("parses posted anchors and refuses malformed ones", () => {
    const { text1 } = draft();
    const start = encode(Y.createRelativePositionFromTypeIndex(text1, 0));
    const end = encode(Y.createRelativePositionFromTypeIndex(text1, 3));
    expect(parseDraftAnchor({})).toBeUndefined();
    expect(
      parseDraftAnchor({ anchorField: "problem", anchorStart: start, anchorEnd: end, anchorQuote: "Las" }),
    ).toEqual({
      field: "problem",
      start,
      end,
      quote: "Las",
    });
    expect(parseDraftAnchor({ anchorField: "budget", anchorStart: start, anchorEnd: end, anchorQuote: "x" })).toBe(
      "invalid",
    );
    expect(parseDraftAnchor({ anchorField: "problem", anchorStart: "%%%", anchorEnd: end, anchorQuote: "x" })).toBe(
      "invalid",
    );
    expect(parseDraftAnchor({ anchorField: "problem", anchorStart: start, anchorEnd: end, anchorQuote: "" })).toBe(
      "invalid",
    );
  });
});
