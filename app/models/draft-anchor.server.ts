import * as Y from "yjs";
import { PROSE_FIELDS } from "~/collab/commitment-doc.ts";
import type { DraftAnchor } from "./comment.server.ts";

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
