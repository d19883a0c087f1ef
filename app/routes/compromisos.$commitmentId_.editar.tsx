import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CommitmentBreadcrumb } from "~/components/commitment-breadcrumb.tsx";
import { DemoBadge, SectorBadge, StatusBadge } from "~/components/badges.tsx";
import { AuthorshipView, type AuthorMap } from "~/drafting/components/authorship.tsx";
import { ProseEditor } from "~/components/editor/prose-editor.tsx";
import { ChoiceSelect, ListEditor, ScalarInput, ValueFlags } from "~/drafting/components/structured-fields.tsx";
import { POLICY_AREAS, PROSE_FIELDS, proseFragment, type ProseField } from "~/drafting/document.ts";
import { ANONYMOUS_COLOR, ANONYMOUS_NAME, colorForUser, roomName } from "~/collab/protocol.ts";
import { useCollabDoc, type CollabSession } from "~/collab/use-collab-doc.ts";
import { hasReplacedValueWrites } from "~/drafting/shape.ts";
import { useHydrated } from "~/collab/y-hooks.ts";
import { getCommitment, getPlanThemes } from "~/drafting/commitment.server.ts";
import { getAuthorMap } from "~/drafting/authorship.server.ts";
import { listOrganizations } from "~/accounts/organizations.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "editor.pageTitle", { number: data.commitment.number })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const commitment = await getCommitment(params.commitmentId ?? "");
  if (!commitment) throw textResponse(request, 404, "responses.commitmentNotFound");
  const user = context.user;
  return {
    commitment: {
      id: commitment.id,
      number: commitment.number,
      title: commitment.title ?? commitment.titleEn,
      status: commitment.status,
      plan: commitment.plan,
    },
    canEdit: can.editCommitment(user, commitment),
    me: user
      ? { id: user.id, name: user.name, color: colorForUser(user.id), sector: user.memberships[0]?.sector ?? null }
      : { id: null, name: ANONYMOUS_NAME, color: ANONYMOUS_COLOR, sector: null },
    authors: (await getAuthorMap(commitment.id)) as AuthorMap,
    institutions: (await listOrganizations({ kind: "INSTITUTION" })).map((org) => org.name),
    themes: await getPlanThemes(commitment.plan.id),
  };
}

const PROSE_LABELS: Record<ProseField, string> = {
  title: "commitment.title",
  problem: "commitment.problem",
  baseline: "commitment.baseline",
  description: "commitment.description",
  contribution: "commitment.contribution",
};

function ConnectionStatus({ session, editable }: { session: CollabSession | null; editable: boolean }) {
  const { t } = useTranslation();
  let text = t("editor.connecting");
  if (session?.reloading) text = t("editor.reloading");
  else if (session?.fatal) text = t("editor.closed");
  else if (session?.storageFull) text = t("editor.storageFull");
  else if (session?.connection === "connected" && session.synced)
    text = editable ? t("editor.savedLive") : t("editor.watching");
  else if (session?.connection === "offline") text = editable ? t("editor.offlineEditing") : t("editor.offline");
  return (
    <p role="status" className={`connection ${session?.connection ?? "connecting"}`} data-testid="connection-status">
      {text}
    </p>
  );
}

function Presence({ session }: { session: CollabSession }) {
  const { t } = useTranslation();
  const people = session.peers;
  return (
    <section aria-labelledby="presence-title" className="presence card">
      <h2 id="presence-title">{t("editor.whoIsHere", { count: people.length })}</h2>
      <ul className="presence-list" data-testid="presence">
        {people.map((peer) => (
          <li key={peer.clientId}>
            <span className="swatch" style={{ backgroundColor: peer.user.color }} aria-hidden="true" />
            {peer.user.name}
            {peer.isSelf ? ` (${t("editor.you")})` : ""}
            {peer.user.sector ? (
              <>
                {" "}
                <SectorBadge sector={peer.user.sector} />
              </>
            ) : null}
            {peer.user.readOnly ? <span className="muted"> · {t("editor.readingOnly")}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function LiveEditor({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { commitment, me, authors, institutions, themes } = useLoaderData<typeof loader>();
  const session = useCollabDoc(roomName("commitment", commitment.id), me.id, { staleCopy: hasReplacedValueWrites });
  const revalidator = useRevalidator();
  const [showAuthors, setShowAuthors] = useState(false);
  const accessChanged = session?.accessChanged ?? 0;
  useEffect(() => {
    // The server changed our access (status change, team change): reload what we may do.
    if (accessChanged > 0) revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [accessChanged]);

  if (!session) return <ConnectionStatus session={null} editable={editable} />;
  const ready = session.synced || session.localLoaded;
  const awareness = session.provider.awareness;
  const labels = Object.fromEntries(PROSE_FIELDS.map((field) => [field, t(PROSE_LABELS[field])])) as Record<
    ProseField,
    string
  >;
  // People present now are attributed at once; earlier writers come from the server's record.
  const liveAuthors: AuthorMap = { ...authors };
  for (const peer of session.peers) {
    liveAuthors[String(peer.clientId)] = { name: peer.user.name, sector: peer.user.sector, color: peer.user.color };
  }
  return (
    <>
      <ConnectionStatus session={session} editable={editable} />
      <div className="editor-layout">
        <div className="editor-main">
          <p>
            <button
              type="button"
              className="button"
              aria-pressed={showAuthors}
              onClick={() => {
                // Fetch the latest record of who wrote with which client id before showing it.
                if (!showAuthors) revalidator.revalidate();
                setShowAuthors((value) => !value);
              }}
            >
              {t("editor.toggleAuthors")}
            </button>
          </p>
          {showAuthors ? (
            <AuthorshipView doc={session.doc} authors={liveAuthors} labels={labels} />
          ) : !ready ? (
            <p>{t("editor.loading")}</p>
          ) : (
            <form
              className="draft-form"
              onSubmit={(event) => event.preventDefault()}
              aria-label={t("editor.formLabel")}
            >
              {PROSE_FIELDS.map((field) => (
                <div key={field} className="field prose" data-field={field}>
                  <h2 className="field-label" id={`label-${field}`}>
                    {labels[field]}
                  </h2>
                  <ProseEditor
                    fragment={proseFragment(session.doc, field)}
                    provider={session.provider}
                    user={{ name: me.name, color: me.color }}
                    labelId={`label-${field}`}
                    editable={editable}
                    singleLine={field === "title"}
                  />
                </div>
              ))}
              <ValueFlags doc={session.doc} editable={editable} />
              <section aria-labelledby="classification-title">
                <h2 id="classification-title">{t("editor.classification")}</h2>
                <div className="list-item-grid">
                  <ChoiceSelect
                    doc={session.doc}
                    field="theme"
                    label={t("commitment.theme")}
                    options={themes.map((theme) => ({ value: theme.id, label: theme.name }))}
                    editable={editable}
                  />
                  <ChoiceSelect
                    doc={session.doc}
                    field="policyArea"
                    label={t("editor.policyArea")}
                    options={POLICY_AREAS.map((area) => ({ value: area, label: area }))}
                    optionLang="en"
                    editable={editable}
                  />
                </div>
              </section>
              <section aria-labelledby="dates-title">
                <h2 id="dates-title">{t("editor.institutionDatesContact")}</h2>
                <div className="list-item-grid">
                  <ScalarInput
                    doc={session.doc}
                    field="leadInstitution"
                    label={t("commitment.leadInstitution")}
                    options={institutions}
                    editable={editable}
                    awareness={awareness}
                  />
                  <ScalarInput
                    doc={session.doc}
                    field="startDate"
                    type="date"
                    label={t("editor.startDate")}
                    editable={editable}
                  />
                  <ScalarInput
                    doc={session.doc}
                    field="endDate"
                    type="date"
                    label={t("editor.endDate")}
                    editable={editable}
                  />
                  <ScalarInput
                    doc={session.doc}
                    field="contactName"
                    label={t("editor.contactName")}
                    editable={editable}
                    awareness={awareness}
                  />
                  <ScalarInput
                    doc={session.doc}
                    field="contactEmail"
                    type="email"
                    label={t("editor.contactEmail")}
                    editable={editable}
                    awareness={awareness}
                  />
                </div>
              </section>
              <ListEditor
                doc={session.doc}
                list="actors"
                title={t("commitment.supportingActors")}
                itemLabel={t("editor.actor")}
                editable={editable}
                awareness={awareness}
              />
              <ListEditor
                doc={session.doc}
                list="milestones"
                title={t("commitment.milestones")}
                itemLabel={t("commitment.milestone")}
                editable={editable}
                awareness={awareness}
              />
              <ListEditor
                doc={session.doc}
                list="indicators"
                title={t("commitment.indicators")}
                itemLabel={t("commitment.indicator")}
                editable={editable}
                awareness={awareness}
              />
            </form>
          )}
        </div>
        <aside className="editor-side">
          <Presence session={session} />
        </aside>
      </div>
    </>
  );
}

export default function EditCommitmentPage() {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const { commitment, canEdit } = useLoaderData<typeof loader>();
  return (
    <div className="container wide">
      <CommitmentBreadcrumb commitment={commitment} />
      <h1>{t("editor.heading", { number: commitment.number })}</h1>
      <p>
        <StatusBadge status={commitment.status} /> {commitment.plan.isDemo ? <DemoBadge /> : null}
      </p>
      <p className={canEdit ? "form-message info" : "form-message"}>
        {canEdit
          ? t("editor.youCanEdit")
          : commitment.status === "DRAFT"
            ? t("editor.readOnlyDraft")
            : t("editor.frozen")}
      </p>
      {hydrated ? (
        <LiveEditor editable={canEdit} key={String(canEdit)} />
      ) : (
        <p>
          {t("editor.needsJs")} <Link to={`/compromisos/${commitment.id}`}>{t("editor.savedVersion")}</Link>
        </p>
      )}
    </div>
  );
}
