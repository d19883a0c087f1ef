import * as Y from "yjs";

// The minutes of a forum session as one Y.Doc (room `session/<id>`), shared by the editor in the
// browser (TipTap on y-prosemirror, the same schema as the co-drafting editor: paragraph, heading
// level 3, bullet and ordered lists, bold and italic) and the server (the agenda skeleton, motion
// results and agreements written in automatically, the Markdown of the minutes).

export const MINUTES_FRAGMENT = "minutes";

export function minutesFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(MINUTES_FRAGMENT);
}

function paragraph(text: string, name = "paragraph"): Y.XmlElement {
  const element = new Y.XmlElement(name);
  const content = new Y.XmlText();
  content.insert(0, text);
  element.insert(0, [content]);
  return element;
}

function heading(text: string): Y.XmlElement {
  const element = paragraph(text, "heading");
  element.setAttribute("level", 3 as unknown as string);
  return element;
}

/** The heading of an agenda item in the minutes: "1. Title". */
export function agendaHeading(position: number, title: string): string {
  return `${position}. ${title}`;
}

/** Fills an empty minutes document with the agenda as its skeleton: one heading per item and an empty paragraph. */
export function fillSkeleton(doc: Y.Doc, items: readonly { position: number; title: string }[]): void {
  const fragment = minutesFragment(doc);
  if (fragment.length > 0) return;
  const nodes: Y.XmlElement[] = [];
  for (const item of items) {
    nodes.push(heading(agendaHeading(item.position, item.title)), paragraph(""));
  }
  if (nodes.length === 0) nodes.push(paragraph(""));
  fragment.insert(0, nodes);
}

function textOf(node: Y.XmlElement): string {
  return node
    .toArray()
    .map((child) =>
      child instanceof Y.XmlText
        ? child
            .toDelta()
            .map((d: { insert: unknown }) => String(d.insert))
            .join("")
        : "",
    )
    .join("");
}

/**
 * Appends paragraphs to the section of an agenda item (before the next heading), or at the end
 * when the item has no heading in the minutes (renamed or deleted by the writers).
 */
export function appendToSection(doc: Y.Doc, headingText: string | null, lines: readonly string[]): void {
  const fragment = minutesFragment(doc);
  const children = fragment.toArray();
  let index = children.length;
  if (headingText) {
    const start = children.findIndex(
      (node) => node instanceof Y.XmlElement && node.nodeName === "heading" && textOf(node).trim() === headingText,
    );
    if (start >= 0) {
      const next = children.findIndex(
        (node, i) => i > start && node instanceof Y.XmlElement && node.nodeName === "heading",
      );
      index = next >= 0 ? next : children.length;
    }
  }
  fragment.insert(
    index,
    lines.map((line) => paragraph(line)),
  );
}

function inlineMarkdown(node: Y.XmlElement): string {
  return node
    .toArray()
    .map((child) => {
      if (!(child instanceof Y.XmlText)) return "";
      return child
        .toDelta()
        .map((d: { insert: unknown; attributes?: Record<string, unknown> }) => {
          let text = String(d.insert);
          if (!text.trim()) return text;
          if (d.attributes?.bold) text = `**${text}**`;
          if (d.attributes?.italic) text = `_${text}_`;
          return text;
        })
        .join("");
    })
    .join("");
}

/** The minutes document as Markdown: headings, paragraphs, lists. */
export function minutesToMarkdown(doc: Y.Doc): string {
  const blocks: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText, indent: string, bullet: string | null) => {
    if (!(node instanceof Y.XmlElement)) return;
    switch (node.nodeName) {
      case "heading":
        blocks.push(`### ${inlineMarkdown(node)}`);
        return;
      case "paragraph": {
        const text = inlineMarkdown(node);
        if (bullet !== null) blocks.push(`${indent}${bullet}${text}`);
        else if (text.trim()) blocks.push(text);
        return;
      }
      case "bulletList":
      case "orderedList":
        node.toArray().forEach((item, i) => {
          if (!(item instanceof Y.XmlElement)) return;
          const marker = node.nodeName === "bulletList" ? "- " : `${i + 1}. `;
          item.toArray().forEach((child, j) => {
            if (child instanceof Y.XmlElement) walk(child, indent + (j > 0 ? "  " : ""), j === 0 ? marker : "");
          });
        });
        return;
      default:
        node.toArray().forEach((child) => walk(child as Y.XmlElement, indent, bullet));
    }
  };
  minutesFragment(doc)
    .toArray()
    .forEach((node) => walk(node as Y.XmlElement, "", null));
  // Consecutive list lines stay together; other blocks are separated by a blank line.
  return blocks.join("\n\n").replace(/\n\n(?=\s*(- |\d+\. ))/g, "\n");
}
