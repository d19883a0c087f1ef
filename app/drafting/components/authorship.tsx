import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import { PROSE_FIELDS, proseFragment, type ProseField } from "~/drafting/document.ts";
import { useDocUpdates } from "~/collab/y-hooks.ts";

export type Author = { name: string; sector: string | null; color: string; kind?: "person" | "seed" | "former" };
export type AuthorMap = Record<string, Author>;

type Run = { text: string; client: number };

/** The live text of an XmlText as runs of consecutive characters written by the same client. */
function textRuns(text: Y.XmlText): Run[] {
  const runs: Run[] = [];
  for (let item = text._start; item; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    const last = runs.at(-1);
    if (last && last.client === item.id.client) last.text += item.content.str;
    else runs.push({ text: item.content.str, client: item.id.client });
  }
  return runs;
}

function blocksOf(fragment: Y.XmlFragment): Run[][] {
  const blocks: Run[][] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment) => {
    const children = node.toArray();
    if (node instanceof Y.XmlElement && (node.nodeName === "paragraph" || node.nodeName === "heading")) {
      blocks.push(children.flatMap((child) => (child instanceof Y.XmlText ? textRuns(child) : [])));
      return;
    }
    for (const child of children) if (!(child instanceof Y.XmlText)) walk(child as Y.XmlElement);
  };
  walk(fragment);
  return blocks;
}

/**
 * "Who wrote this": every prose field, each passage coloured by its author and named for screen
 * readers. Authors come from the server's record of who used each Yjs client id.
 */
export function AuthorshipView({
  doc,
  authors,
  labels,
}: {
  doc: Y.Doc;
  authors: AuthorMap;
  labels: Record<ProseField, string>;
}) {
  const { t } = useTranslation();
  useDocUpdates(doc);
  const unknown: Author = { name: t("editor.unknownAuthor"), sector: null, color: "#57534e" };
  const seen = new Map<string, Author>();
  const content = PROSE_FIELDS.map((field) => {
    const blocks = blocksOf(proseFragment(doc, field));
    return (
      <section key={field} aria-labelledby={`who-${field}`} className="authorship-field">
        <h3 id={`who-${field}`}>{labels[field]}</h3>
        {blocks.length === 0 ? <p className="muted">{t("commitment.notProvided")}</p> : null}
        {blocks.map((runs, index) => (
          <p key={index}>
            {runs.map((run, runIndex) => {
              const known = authors[String(run.client)];
              const author =
                known?.kind === "seed"
                  ? { ...known, name: t("editor.seedAuthor") }
                  : known?.kind === "former"
                    ? { ...known, name: t("editor.formerAuthor") }
                    : (known ?? unknown);
              seen.set(author.name, author);
              return (
                <span
                  key={runIndex}
                  className="authored"
                  style={{ borderBottomColor: author.color, backgroundColor: `${author.color}1f` }}
                  title={author.name}
                >
                  <span className="visually-hidden">{t("editor.writtenBy", { name: author.name })} </span>
                  {run.text}
                </span>
              );
            })}
          </p>
        ))}
      </section>
    );
  });
  return (
    <div className="authorship" data-testid="authorship">
      <h2>{t("editor.whoWroteWhat")}</h2>
      <ul className="inline-list legend" aria-label={t("editor.legend")}>
        {[...seen.values()].map((author) => (
          <li key={author.name}>
            <span className="swatch" style={{ backgroundColor: author.color }} aria-hidden="true" /> {author.name}
            {author.sector ? ` · ${t(`sectors.${author.sector}`)}` : ""}
          </li>
        ))}
      </ul>
      {content}
    </div>
  );
}
