import Collaboration from "@tiptap/extension-collaboration";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { absolutePositionToRelativePosition, ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";
import { PROSE_FIELDS, proseFragment, type ProseField } from "~/drafting/document.ts";
import { roomName } from "~/collab/protocol.ts";
import { useCollabDoc } from "~/collab/use-collab-doc.ts";
import { hasReplacedValueWrites } from "~/drafting/shape.ts";

// Anchoring a draft comment to a passage: the draft's prose fields, live and read-only, where a
// person selects a passage; its two ends become Yjs relative positions (base64 of
// Y.encodeRelativePosition against the `prose:<field>` fragment), which follow the text as the
// drafting team edits it. Browser only; without JavaScript comments are simply not anchored.

export type PickedAnchor = { field: ProseField; start: string; end: string; quote: string };

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The selection of an editor bound to a fragment, as an anchor; null when nothing is selected. */
export function anchorFromSelection(editor: Editor, field: ProseField, fragment: Y.XmlFragment): PickedAnchor | null {
  const { from, to } = editor.state.selection;
  if (from === to) return null;
  const quote = editor.state.doc.textBetween(from, to, "\n").trim();
  if (!quote) return null;
  const sync = ySyncPluginKey.getState(editor.state) as { binding?: { mapping: Map<unknown, unknown> } } | undefined;
  const mapping = sync?.binding?.mapping;
  if (!mapping) return null;
  const start = absolutePositionToRelativePosition(from, fragment, mapping as never);
  const end = absolutePositionToRelativePosition(to, fragment, mapping as never);
  return {
    field,
    start: toBase64(Y.encodeRelativePosition(start)),
    end: toBase64(Y.encodeRelativePosition(end)),
    quote: quote.slice(0, 500),
  };
}

function ReadOnlyField({
  field,
  fragment,
  onPick,
}: {
  field: ProseField;
  fragment: Y.XmlFragment;
  onPick: (anchor: PickedAnchor) => void;
}) {
  const { t } = useTranslation();
  const [hasSelection, setHasSelection] = useState(false);
  const labelId = `anchor-field-${field}`;
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: false,
      extensions: [StarterKit.configure({ history: false }), Collaboration.configure({ fragment })],
      editorProps: {
        attributes: {
          role: "textbox",
          "aria-readonly": "true",
          "aria-multiline": "true",
          "aria-labelledby": labelId,
          class: "prose-editor anchor-source",
          lang: "es-PE",
          tabindex: "0",
        },
      },
      onSelectionUpdate: ({ editor: e }) => setHasSelection(!e.state.selection.empty),
    },
    [fragment],
  );
  return (
    <div className="anchor-field">
      <h3 id={labelId}>{t(`participation.draftFields.${field}`)}</h3>
      {editor ? <EditorContent editor={editor} /> : null}
      <button
        type="button"
        className="button"
        disabled={!hasSelection}
        onClick={() => {
          if (!editor) return;
          const anchor = anchorFromSelection(editor, field, fragment);
          if (anchor) onPick(anchor);
        }}
      >
        {t("participation.anchorButton")}
      </button>
    </div>
  );
}

/** The live draft to pick a passage from, and the hidden fields that carry the picked anchor. */
export function AnchorPicker({
  commitmentId,
  userId,
  anchor,
  onPick,
}: {
  commitmentId: string;
  userId: string | null;
  anchor: PickedAnchor | null;
  onPick: (anchor: PickedAnchor | null) => void;
}) {
  const { t } = useTranslation();
  const session = useCollabDoc(roomName("commitment", commitmentId), userId, { staleCopy: hasReplacedValueWrites });
  return (
    <section aria-labelledby="anchor-title" className="card anchor-picker">
      <h2 id="anchor-title">{t("participation.anchorTitle")}</h2>
      <p>{t("participation.anchorHelp")}</p>
      {!session?.synced ? (
        <p role="status">{t("participation.loadingDraft")}</p>
      ) : (
        PROSE_FIELDS.filter((field) => field !== "title").map((field) => (
          <ReadOnlyField key={field} field={field} fragment={proseFragment(session.doc, field)} onPick={onPick} />
        ))
      )}
      {anchor ? (
        <p role="status" className="form-message info">
          {t("participation.anchoredTo", { text: anchor.quote, field: t(`participation.draftFields.${anchor.field}`) })}{" "}
          <button type="button" className="button link-button" onClick={() => onPick(null)}>
            {t("participation.removeAnchor")}
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** The hidden inputs of an anchor inside the comment form. */
export function AnchorInputs({ anchor }: { anchor: PickedAnchor | null }) {
  if (!anchor) return null;
  return (
    <>
      <input type="hidden" name="anchorField" value={anchor.field} />
      <input type="hidden" name="anchorStart" value={anchor.start} />
      <input type="hidden" name="anchorEnd" value={anchor.end} />
      <input type="hidden" name="anchorQuote" value={anchor.quote} />
    </>
  );
}
