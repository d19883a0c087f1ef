import { diffWords } from "diff";
import type { AuthorKind } from "./authorship.server.ts";

// The word diff behind every comparison of two states of a draft: pure functions over strings,
// credited by the callers (compare.server.ts) with who inserted and who deleted each part.

/** Someone credited with inserted text: a person's name, or the seed / a deleted account. */
export type Credit = { name: string; kind: AuthorKind };

export type Segment = { type: "same" | "ins" | "del"; text: string; by: Credit[] };

/** A word-level diff, made readable: short common words between two changes join the change. */
export function wordChanges(from: string, to: string): { type: Segment["type"]; text: string }[] {
  const raw = diffWords(from, to).map((change) => ({
    type: change.added ? ("ins" as const) : change.removed ? ("del" as const) : ("same" as const),
    text: change.value,
  }));
  // "de", "en", " y " kept between a deletion and an insertion make a rewrite unreadable: fold
  // them into both sides.
  const folded = raw.flatMap((change, index) => {
    const between =
      index > 0 && index < raw.length - 1 && raw[index - 1]!.type !== "same" && raw[index + 1]!.type !== "same";
    if (change.type === "same" && between && change.text.trim().length <= 3) {
      return [
        { type: "del" as const, text: change.text },
        { type: "ins" as const, text: change.text },
      ];
    }
    return [change];
  });
  // Each run of changes becomes one deletion (the old text) followed by one insertion (the new).
  const result: { type: Segment["type"]; text: string }[] = [];
  let del = "";
  let ins = "";
  const flush = () => {
    if (del) result.push({ type: "del", text: del });
    if (ins) result.push({ type: "ins", text: ins });
    del = "";
    ins = "";
  };
  for (const change of folded) {
    if (change.type === "del") del += change.text;
    else if (change.type === "ins") ins += change.text;
    else {
      flush();
      result.push(change);
    }
  }
  flush();
  return result;
}

export function textSegments(
  from: string,
  to: string,
  attribution: (index: number, length: number) => Credit[],
  deletion: (index: number, length: number) => Credit[],
): Segment[] {
  if (from === to) return to ? [{ type: "same", text: to, by: [] }] : [];
  const segments: Segment[] = [];
  let position = 0;
  let fromPosition = 0;
  for (const change of wordChanges(from, to)) {
    const length = change.text.length;
    if (change.type === "del") {
      segments.push({ type: "del", text: change.text, by: deletion(fromPosition, length) });
      fromPosition += length;
      continue;
    }
    segments.push(
      change.type === "ins"
        ? { type: "ins", text: change.text, by: attribution(position, length) }
        : { type: "same", text: change.text, by: [] },
    );
    position += length;
    if (change.type === "same") fromPosition += length;
  }
  return segments;
}
