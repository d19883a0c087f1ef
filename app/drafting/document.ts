import * as Y from "yjs";

// The shape of a commitment draft as one Y.Doc, shared by the editor (browser) and the server
// (seeding a new document from the database, projecting edits back into it, versions).
//
//   prose fields  Y.XmlFragment per field, edited with TipTap on y-prosemirror
//                 (paragraph, heading, bulletList/orderedList/listItem; bold, italic)
//   "fields"      Y.Map of scalars: leadInstitution (a name), contactName, contactEmail,
//                 startDate, endDate (YYYY-MM-DD),
//                 and the OGP value flags (booleans)
//   "milestones"  Y.Array of Y.Map {id, description, output, startDate, endDate, responsible}
//   "indicators"  Y.Array of Y.Map {id, kind, name, unit, baseline, target, dueDate}
//   "actors"      Y.Array of Y.Map {id, name, sector, role}

export const PROSE_FIELDS = ["title", "problem", "baseline", "description", "contribution"] as const;
export type ProseField = (typeof PROSE_FIELDS)[number];

export const VALUE_FLAGS = [
  "valueAccessToInformation",
  "valueCivicParticipation",
  "valuePublicAccountability",
  "valueTechnology",
] as const;
export type ValueFlag = (typeof VALUE_FLAGS)[number];

/** `leadInstitution` holds the institution's name; the server links it to the organisation. */
export const SCALAR_FIELDS = ["leadInstitution", "contactName", "contactEmail", "startDate", "endDate"] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

export const LIST_FIELDS = {
  milestones: ["description", "output", "startDate", "endDate", "responsible"],
  indicators: ["kind", "name", "unit", "baseline", "target", "dueDate"],
  actors: ["name", "sector", "role"],
} as const;
export type ListField = keyof typeof LIST_FIELDS;

export const INDICATOR_KINDS = ["ACTIVITY", "RESULT", "IMPACT"] as const;
export const SECTORS = ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"] as const;

/** Text limits the editor enforces and the server re-checks when it projects a document. */
export const TEXT_LIMITS = { title: 300, prose: 20_000, scalar: 300, listItem: 2_000, listLength: 50 } as const;

export type ListItem = { id: string } & Record<string, string>;

/** The plain content of a draft: what the read-only page, the API, versions and hashes use. */
export type DraftContent = {
  prose: Record<ProseField, string>;
  fields: Record<ScalarField, string> & Record<ValueFlag, boolean | null>;
  milestones: ListItem[];
  indicators: ListItem[];
  actors: ListItem[];
};

export function proseFragment(doc: Y.Doc, field: ProseField): Y.XmlFragment {
  return doc.getXmlFragment(`prose:${field}`);
}

export function fieldsMap(doc: Y.Doc): Y.Map<string | boolean | null> {
  return doc.getMap("fields");
}

export function listArray(doc: Y.Doc, list: ListField): Y.Array<Y.Map<string>> {
  return doc.getArray(list);
}

/** Plain text of a prose fragment: paragraphs separated by blank lines, list items as "- ". */
export function fragmentToText(fragment: Y.XmlFragment): string {
  const blocks: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment, prefix: string) => {
    if (node instanceof Y.XmlText) return;
    const name = node instanceof Y.XmlElement ? node.nodeName : "fragment";
    if (name === "paragraph" || name === "heading") {
      const text = node
        .toArray()
        .map((child) => (child instanceof Y.XmlText ? child.toString().replace(/<[^>]+>/g, "") : ""))
        .join("");
      blocks.push(`${prefix}${text}`);
      return;
    }
    const childPrefix = name === "listItem" ? "" : prefix;
    node.toArray().forEach((child, index) => {
      if (child instanceof Y.XmlText) return;
      const marker = name === "bulletList" ? "- " : name === "orderedList" ? `${index + 1}. ` : childPrefix;
      walk(child as Y.XmlElement, marker);
    });
  };
  walk(fragment, "");
  return blocks
    .join("\n\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Fills an empty prose fragment with plain text: one paragraph per blank-line-separated block. */
export function setFragmentText(fragment: Y.XmlFragment, text: string | null | undefined): void {
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  const blocks = (text ?? "")
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean);
  fragment.insert(
    0,
    blocks.map((block) => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText(block)]);
      return paragraph;
    }),
  );
}

function newListItem(values: Record<string, string>): Y.Map<string> {
  const item = new Y.Map<string>();
  for (const [key, value] of Object.entries(values)) item.set(key, value);
  return item;
}

/** Appends an item to a list field, with a fresh id. */
export function addListItem(doc: Y.Doc, list: ListField, values: Record<string, string> = {}): void {
  const id = `${list.slice(0, 1)}-${Math.random().toString(36).slice(2, 10)}`;
  listArray(doc, list).push([newListItem({ id, ...values })]);
}

/** Whether a document has never been filled (a new room). */
export function isEmptyDraft(doc: Y.Doc): boolean {
  return PROSE_FIELDS.every((field) => proseFragment(doc, field).length === 0) && fieldsMap(doc).size === 0;
}

/** Writes database content into an empty document, in one transaction (seeding a new room). */
export function fillDraft(doc: Y.Doc, content: DraftContent): void {
  doc.transact(() => {
    for (const field of PROSE_FIELDS) setFragmentText(proseFragment(doc, field), content.prose[field]);
    const fields = fieldsMap(doc);
    for (const key of SCALAR_FIELDS) fields.set(key, content.fields[key] ?? "");
    for (const key of VALUE_FLAGS) fields.set(key, content.fields[key] ?? null);
    for (const list of Object.keys(LIST_FIELDS) as ListField[]) {
      const array = listArray(doc, list);
      array.delete(0, array.length);
      array.push(content[list].map((item) => newListItem(item)));
    }
  });
}

function clip(value: unknown, max: number): string {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/** Reads a document's content as plain data, clipped to the limits (never trusts the document). */
export function readDraft(doc: Y.Doc): DraftContent {
  const prose = Object.fromEntries(
    PROSE_FIELDS.map((field) => [
      field,
      clip(fragmentToText(proseFragment(doc, field)), field === "title" ? TEXT_LIMITS.title : TEXT_LIMITS.prose),
    ]),
  ) as Record<ProseField, string>;
  const map = fieldsMap(doc);
  const fields = {
    ...Object.fromEntries(SCALAR_FIELDS.map((key) => [key, clip(map.get(key), TEXT_LIMITS.scalar)])),
    ...Object.fromEntries(
      VALUE_FLAGS.map((key) => {
        const value = map.get(key);
        return [key, typeof value === "boolean" ? value : null];
      }),
    ),
  } as DraftContent["fields"];
  const readList = (list: ListField): ListItem[] =>
    listArray(doc, list)
      .toArray()
      .slice(0, TEXT_LIMITS.listLength)
      .filter((item): item is Y.Map<string> => item instanceof Y.Map)
      .map((item) => {
        const entry: ListItem = { id: clip(item.get("id"), 64) };
        for (const key of LIST_FIELDS[list]) entry[key] = clip(item.get(key), TEXT_LIMITS.listItem);
        return entry;
      });
  return {
    prose,
    fields,
    milestones: readList("milestones"),
    indicators: readList("indicators"),
    actors: readList("actors"),
  };
}

export { canonicalJson } from "~/utils/canonical-json.ts";
