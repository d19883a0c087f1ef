import * as Y from "yjs";

// The shape of a commitment draft as one Y.Doc, shared by the editor (browser) and the server
// (seeding a new document from the database, projecting edits back into it, versions).
//
// Shape 2 (decision 020): every free-text value is a Y.Text, so that people typing into the same
// short field at once keep each other's characters; choices (dates, flags, kinds, sectors, theme,
// policy area) stay atomic values, where last-writer-wins is right.
//
//   prose fields  Y.XmlFragment per field, edited with TipTap on y-prosemirror
//                 (paragraph, heading, bulletList/orderedList/listItem; bold, italic)
//   "fields"      Y.Map: leadInstitution (the institution's name), contactName, contactEmail as
//                 Y.Text; startDate, endDate (YYYY-MM-DD), the OGP value flags (booleans), theme
//                 (a Theme id of the plan) and policyArea (an OGP policy area) as atomic values
//   "milestones"  Y.Array of Y.Map {id, description, output, startDate, endDate, responsible}
//   "indicators"  Y.Array of Y.Map {id, kind, name, unit, baseline, target, dueDate}
//   "actors"      Y.Array of Y.Map {id, name, sector, role}
//                 (in list items, the TEXT_COLUMNS are Y.Text, the other columns atomic strings)
//   "meta"        Y.Map {shape: 2, bases: Y.Map} — the document's shape version, and the values
//                 the upgrade from shape 1 replaced (see shape.ts): never read as content
//
// Shape 1 (decision 007) held every short text as a plain string in its map. Documents stored in
// it are upgraded when their room loads (app/drafting/upgrade.server.ts), except approved ones,
// which are never rewritten: the reading functions here read both shapes, and read a shape-1
// document exactly as they did then (its approval hash is computed on that).

/** The shape this code writes. */
export const DOCUMENT_SHAPE = 2;

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

/** The scalar fields that are free text (a Y.Text in shape 2); the others are dates. */
export const TEXT_FIELDS = ["leadInstitution", "contactName", "contactEmail"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** Theme and policy area: atomic choices in the "fields" map (shape 2 on). */
export const CLASSIFICATION_FIELDS = ["theme", "policyArea"] as const;
export type ClassificationField = (typeof CLASSIFICATION_FIELDS)[number];

export const LIST_FIELDS = {
  milestones: ["description", "output", "startDate", "endDate", "responsible"],
  indicators: ["kind", "name", "unit", "baseline", "target", "dueDate"],
  actors: ["name", "sector", "role"],
} as const;
export type ListField = keyof typeof LIST_FIELDS;

/** The columns of each list that are free text (a Y.Text in shape 2); the others are choices. */
export const TEXT_COLUMNS: Readonly<Record<ListField, readonly string[]>> = {
  milestones: ["description", "output", "responsible"],
  indicators: ["name", "unit", "baseline", "target"],
  actors: ["name", "role"],
};

export const INDICATOR_KINDS = ["ACTIVITY", "RESULT", "IMPACT"] as const;
export const SECTORS = ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"] as const;

/**
 * OGP policy areas, as the OGP's commitment data names them (in English, as imported). A value
 * outside this list (an older import) stays as it is until someone chooses another.
 */
export const POLICY_AREAS = [
  "Access to Information",
  "Anti-Corruption",
  "Civic Space",
  "Digital Governance",
  "Education",
  "Environment and Climate",
  "Fiscal Openness",
  "Gender and Inclusion",
  "Health",
  "Infrastructure & Transport",
  "Justice",
  "Open Parliaments",
  "Public Participation",
  "Public Service Delivery",
  "Water and Sanitation",
] as const;

/** Text limits the editor enforces and the server re-checks when it projects a document. */
export const TEXT_LIMITS = { title: 300, prose: 20_000, scalar: 300, listItem: 2_000, listLength: 50 } as const;

export type ListItem = { id: string } & Record<string, string>;

export type Classification = Record<ClassificationField, string>;

/** The plain content of a draft: what the read-only page, the API, versions and hashes use. */
export type DraftContent = {
  /** The document shape it was read from; absent for shape 1 (content stored before decision 020). */
  shape?: number;
  prose: Record<ProseField, string>;
  fields: Record<ScalarField, string> & Record<ValueFlag, boolean | null>;
  /** Theme (a Theme id) and policy area; absent for shape 1, which did not hold them. */
  classification?: Classification;
  milestones: ListItem[];
  indicators: ListItem[];
  actors: ListItem[];
};

/** A value in the "fields" map or a list item's map. */
export type FieldValue = string | boolean | null | Y.Text;

export function proseFragment(doc: Y.Doc, field: ProseField): Y.XmlFragment {
  return doc.getXmlFragment(`prose:${field}`);
}

export function fieldsMap(doc: Y.Doc): Y.Map<FieldValue> {
  return doc.getMap("fields");
}

export function listArray(doc: Y.Doc, list: ListField): Y.Array<Y.Map<string | Y.Text>> {
  return doc.getArray(list);
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap("meta");
}

/** The shape a document is in: 2 once it says so, 1 otherwise (decision 007's). */
export function documentShape(doc: Y.Doc): number {
  const shape = metaMap(doc).get("shape");
  return typeof shape === "number" && shape >= 2 ? shape : 1;
}

/** Whether `key` of a list item of `list` (or of "fields", list null) holds free text. */
export function isTextKey(list: ListField | null, key: string): boolean {
  return list === null ? (TEXT_FIELDS as readonly string[]).includes(key) : TEXT_COLUMNS[list].includes(key);
}

/** The text of a value: a Y.Text's, a plain string as it is (shape 1, or an old client's write). */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Y.Text) return value.toString();
  return "";
}

/**
 * The smallest single change that turns `before` into `after`: what an input event did (typing,
 * deleting, pasting over a selection). Positions are UTF-16 offsets, as Y.Text's.
 */
export function textChange(before: string, after: string): { index: number; remove: number; insert: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** Makes a Y.Text read `next` with the smallest single change (the diff binding's write). */
export function replaceText(text: Y.Text, next: string): void {
  const { index, remove, insert } = textChange(text.toString(), next);
  if (remove === 0 && insert === "") return;
  const apply = () => {
    if (remove > 0) text.delete(index, remove);
    if (insert) text.insert(index, insert);
  };
  if (text.doc) text.doc.transact(apply);
  else apply();
}

/**
 * Sets the free text at `key` of `map` to `next`: edits its Y.Text in place, or, where the map
 * holds a plain string (an old client wrote it) or nothing, puts a Y.Text there.
 */
export function setText(map: Y.Map<FieldValue> | Y.Map<string | Y.Text>, key: string, next: string): void {
  const current = map.get(key);
  if (current instanceof Y.Text) replaceText(current, next);
  else if (current !== next) (map as Y.Map<FieldValue>).set(key, new Y.Text(next));
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

/** A list item's map in the given shape: text columns as Y.Text from shape 2 on. */
function newListItem(list: ListField, values: Record<string, string>, shape: number): Y.Map<string | Y.Text> {
  const item = new Y.Map<string | Y.Text>();
  for (const [key, value] of Object.entries(values)) {
    item.set(key, shape >= 2 && isTextKey(list, key) ? new Y.Text(value) : value);
  }
  if (shape >= 2) for (const key of TEXT_COLUMNS[list]) if (!(key in values)) item.set(key, new Y.Text());
  return item;
}

/** Appends an item to a list field, with a fresh id (in the document's shape). */
export function addListItem(doc: Y.Doc, list: ListField, values: Record<string, string> = {}): void {
  const id = `${list.slice(0, 1)}-${Math.random().toString(36).slice(2, 10)}`;
  listArray(doc, list).push([newListItem(list, { id, ...values }, documentShape(doc))]);
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
    for (const key of SCALAR_FIELDS) {
      const value = content.fields[key] ?? "";
      fields.set(key, isTextKey(null, key) ? new Y.Text(value) : value);
    }
    for (const key of VALUE_FLAGS) fields.set(key, content.fields[key] ?? null);
    for (const key of CLASSIFICATION_FIELDS) fields.set(key, content.classification?.[key] ?? "");
    for (const list of Object.keys(LIST_FIELDS) as ListField[]) {
      const array = listArray(doc, list);
      array.delete(0, array.length);
      array.push(content[list].map((item) => newListItem(list, item, DOCUMENT_SHAPE)));
    }
    metaMap(doc).set("shape", DOCUMENT_SHAPE);
  });
}

function clip(value: unknown, max: number): string {
  return textOf(value).slice(0, max);
}

/**
 * Reads a document's content as plain data, clipped to the limits (never trusts the document).
 * A shape-1 document reads exactly as it did under decision 007 (no shape, no classification).
 */
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
      .filter((item): item is Y.Map<string | Y.Text> => item instanceof Y.Map)
      .map((item) => {
        const entry: ListItem = { id: clip(item.get("id"), 64) };
        for (const key of LIST_FIELDS[list]) entry[key] = clip(item.get(key), TEXT_LIMITS.listItem);
        return entry;
      });
  const lists = {
    milestones: readList("milestones"),
    indicators: readList("indicators"),
    actors: readList("actors"),
  };
  const shape = documentShape(doc);
  if (shape < 2) return { prose, fields, ...lists };
  const classification = Object.fromEntries(
    CLASSIFICATION_FIELDS.map((key) => [key, clip(map.get(key), TEXT_LIMITS.scalar)]),
  ) as Classification;
  return { shape, prose, fields, classification, ...lists };
}

export { canonicalJson } from "~/utils/canonical-json.ts";
