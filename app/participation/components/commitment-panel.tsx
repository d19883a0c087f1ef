import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProposalStatusBadge } from "./proposal-parts.tsx";

/** On a commitment's page: the proposals that became or fed it, and the way to its draft comments. */
export function CommitmentParticipation({
  commitmentId,
  proposals,
}: {
  commitmentId: string;
  proposals: { id: string; title: string; status: string; voteCount: number }[];
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="c-proposals">
      <h2 id="c-proposals">{t("participation.proposalsOfCommitment")}</h2>
      {proposals.length === 0 ? (
        <p>{t("participation.noLinkedProposals")}</p>
      ) : (
        <ul>
          {proposals.map((p) => (
            <li key={p.id}>
              <Link to={`/propuestas/${p.id}`}>{p.title}</Link> <ProposalStatusBadge status={p.status} />{" "}
              <span className="muted">{t("participation.voteCount", { count: p.voteCount })}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to={`/compromisos/${commitmentId}/comentarios`}>{t("participation.draftCommentsLink")}</Link>
      </p>
    </section>
  );
}
