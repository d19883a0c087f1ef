import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCursor from "@tiptap/extension-collaboration-cursor";
import Document from "@tiptap/extension-document";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useTranslation } from "react-i18next";
import type { WebsocketProvider } from "y-websocket";
import { labelTextColor } from "~/collab/protocol.ts";
import type * as Y from "yjs";

/**
 * Another person's caret in the prose: their colour, and their name on it in white or black,
 * whichever is readable on that colour (TipTap's default label is always white). The colour is set
 * as a style property, never spliced into a style attribute.
 */
function renderCursor(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === "string" ? user.color : "";
  const cursor = document.createElement("span");
  cursor.classList.add("collaboration-cursor__caret");
  cursor.style.borderColor = color;
  const label = document.createElement("div");
  label.classList.add("collaboration-cursor__label");
  label.style.backgroundColor = color;
  label.style.color = labelTextColor(color);
  label.textContent = typeof user.name === "string" ? user.name : "";
  cursor.append(label);
  return cursor;
}

/** A title is one paragraph: no lists, headings or line breaks. */
const SingleParagraph = Document.extend({ content: "paragraph" });

type ProseEditorProps = {
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  labelId: string;
  describedBy?: string;
  editable: boolean;
  singleLine?: boolean;
};

/** A rich-text field bound to a Y.XmlFragment (y-prosemirror), showing others' cursors. */
export function ProseEditor({
  fragment,
  provider,
  user,
  labelId,
  describedBy,
  editable,
  singleLine,
}: ProseEditorProps) {
  const { t } = useTranslation();
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable,
      extensions: [
        singleLine
          ? StarterKit.configure({
              history: false,
              document: false,
              heading: false,
              bulletList: false,
              orderedList: false,
              listItem: false,
              blockquote: false,
              codeBlock: false,
              horizontalRule: false,
              hardBreak: false,
              code: false,
              bold: false,
              italic: false,
              strike: false,
            })
          : StarterKit.configure({
              history: false,
              heading: { levels: [3] },
              codeBlock: false,
              code: false,
              horizontalRule: false,
              strike: false,
            }),
        ...(singleLine ? [SingleParagraph] : []),
        // Undo lives in Yjs (y-prosemirror's undo manager), so it only undoes your own edits.
        Collaboration.configure({ fragment }),
        CollaborationCursor.configure({ provider, user, render: renderCursor }),
      ],
      editorProps: {
        attributes: {
          role: "textbox",
          "aria-labelledby": labelId,
          ...(describedBy ? { "aria-describedby": describedBy } : {}),
          "aria-multiline": singleLine ? "false" : "true",
          "aria-readonly": editable ? "false" : "true",
          class: singleLine ? "prose-editor single-line" : "prose-editor",
          spellcheck: "true",
          lang: "es-PE",
        },
        handleKeyDown: (_view, event) => Boolean(singleLine && event.key === "Enter"),
      },
    },
    [fragment, provider, editable, singleLine],
  );

  if (!editor) return <div className="prose-editor loading" aria-hidden="true" />;
  return (
    <div className="prose-field">
      {editable && !singleLine ? (
        <div className="toolbar" role="toolbar" aria-label={t("editor.toolbar")}>
          <button
            type="button"
            aria-pressed={editor.isActive("bold")}
            onClick={() => editor.chain().focus().toggleBold().run()}
          >
            <strong aria-hidden="true">B</strong>
            <span className="visually-hidden">{t("editor.bold")}</span>
          </button>
          <button
            type="button"
            aria-pressed={editor.isActive("italic")}
            onClick={() => editor.chain().focus().toggleItalic().run()}
          >
            <em aria-hidden="true">I</em>
            <span className="visually-hidden">{t("editor.italic")}</span>
          </button>
          <button
            type="button"
            aria-pressed={editor.isActive("bulletList")}
            onClick={() => editor.chain().focus().toggleBulletList().run()}
          >
            {t("editor.bulletList")}
          </button>
          <button
            type="button"
            aria-pressed={editor.isActive("orderedList")}
            onClick={() => editor.chain().focus().toggleOrderedList().run()}
          >
            {t("editor.orderedList")}
          </button>
        </div>
      ) : null}
      <EditorContent editor={editor} />
    </div>
  );
}
