import * as Y from "yjs";
import { PROSE_FIELDS } from "./document.ts";
import { currentDocument } from "./versions.server.ts";
import type { DraftAnchor } from "~/participation/comments.server.ts";

// Anchors of draft comments: a prose field of the commitment and two Yjs relative positions
// (Y.encodeRelativePosition, base64) against its `prose:<field>` fragment. Relative positions point
// at Yjs items, not offsets, so the anchored passage follows the text as people edit around it.

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function validRelativePosition(value: string | undefined): value is string {
  if (!value || value.length > 512 || !BASE64.test(value)) return false;
  try {
    Y.decodeRelativePosition(new Uint8Array(Buffer.from(value, "base64")));
    return true;
  } catch {
    return false;
  }
}

/** The anchor posted with a comment form; undefined when there is none, "invalid" when malformed. */
export function parseDraftAnchor(values: Record<string, string>): DraftAnchor | undefined | "invalid" {
  const field = values.anchorField?.trim();
  if (!field) return undefined;
  if (!(PROSE_FIELDS as readonly string[]).includes(field)) return "invalid";
  const start = values.anchorStart?.trim();
  const end = values.anchorEnd?.trim();
  const quote = values.anchorQuote?.trim() ?? "";
  if (!validRelativePosition(start) || !validRelativePosition(end)) return "invalid";
  if (quote.length === 0 || quote.length > 500) return "invalid";
  return { field, start, end, quote };
}

/** The text of a Y.XmlText, without formatting. */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert?: unknown }[])
    .map((op) => (typeof op.insert === "string" ? op.insert : ""))
    .join("");
}

/** Every Y.XmlText of a fragment, in document order. */
function textNodes(node: Y.XmlFragment | Y.XmlElement, out: Y.XmlText[] = []): Y.XmlText[] {
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlText) out.push(child);
    else if (child instanceof Y.XmlElement) textNodes(child, out);
  }
  return out;
}

/**
 * The passage an anchor points at in the document as it is now (the anchor follows the text as it
 * is edited), or null when its text was deleted.
 */
export function resolveAnchor(doc: Y.Doc, anchor: { field: string; start: string; end: string }): string | null {
  const decode = (value: string) => {
    try {
      return Y.createAbsolutePositionFromRelativePosition(
        Y.decodeRelativePosition(new Uint8Array(Buffer.from(value, "base64"))),
        doc,
      );
    } catch {
      return null;
    }
  };
  const start = decode(anchor.start);
  const end = decode(anchor.end);
  if (!start || !end) return null;
  const nodes = textNodes(doc.getXmlFragment(`prose:${anchor.field}`));
  const from = nodes.indexOf(start.type as Y.XmlText);
  const to = nodes.indexOf(end.type as Y.XmlText);
  if (from === -1 || to === -1 || to < from) return null;
  const parts: string[] = [];
  for (let i = from; i <= to; i++) {
    const text = plainText(nodes[i]!);
    parts.push(text.slice(i === from ? start.index : 0, i === to ? end.index : undefined));
  }
  const passage = parts.join("\n").trim();
  return passage.length > 0 ? passage : null;
}

/** The current passage of each anchored comment of a commitment draft, by comment id. */
export async function currentPassages(
  commitmentId: string,
  comments: { id: string; anchor: { field: string; start: string; end: string } | null }[],
): Promise<Record<string, string | null>> {
  const anchored = comments.filter((c) => c.anchor !== null);
  if (anchored.length === 0) return {};
  const doc = await currentDocument(commitmentId);
  try {
    return Object.fromEntries(anchored.map((c) => [c.id, resolveAnchor(doc, c.anchor!)]));
  } finally {
    doc.destroy();
  }
}
