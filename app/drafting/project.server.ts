import { randomUUID } from "node:crypto";
import { INDICATOR_KINDS, POLICY_AREAS, SECTORS, type DraftContent, type ListItem } from "./document.ts";
import type { IndicatorKind, Sector } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";

// Projection: the live document of a commitment written back into its database rows, so the
// read-only page, the public API and search show what the drafting team has written. A room
// projects a short while after changes (tuning.projectDelayMs, at most once per that delay while
// people type) and when it unloads; a restore projects at once.
//
// The document is never trusted: readDraft has clipped every text to its limit; here dates must
// be real YYYY-MM-DD days, e-mails must look like e-mails, indicator kinds and actor sectors must
// be known values, and list items without their required text are left out. Invalid values are
// dropped (null), never guessed. Control characters other than tabs and line breaks are removed.
//
// The commitment's columns and its Milestone, Indicator and SupportingActor rows are replaced in
// one transaction. Row ids follow the document's item ids (the seed uses the rows' ids, so rows
// keep their ids while they exist), and what the document does not hold is kept from the row with
// the same id: a milestone's completion, an indicator's due date, an actor's organisation (while
// the actor's name is unchanged; otherwise the organisation of that exact name, if any).
//
// Theme and policy area (documents of shape 2 on): the theme must be one of the plan's; the policy
// area one of POLICY_AREAS, or the value the commitment already has (an older import's).

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,63}$/;
const ITEM_ID = /^[A-Za-z0-9_-]{1,64}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A YYYY-MM-DD that names a real day, as the stored convention (noon UTC); null otherwise. */
export function parseDay(value: string): Date | null {
  const match = DAY.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2200) return null;
  const date = new Date(Date.UTC(year, month - 1, day, 12));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/** Trimmed text without control characters; null when empty. */
export function cleanText(value: string | undefined): string | null {
  const text = (value ?? "").replace(CONTROL, "").trim();
  return text === "" ? null : text;
}

export function cleanEmail(value: string): string | null {
  const text = cleanText(value);
  return text && text.length <= 254 && EMAIL.test(text) ? text : null;
}

const isIndicatorKind = (value: string | undefined): value is IndicatorKind =>
  (INDICATOR_KINDS as readonly string[]).includes(value ?? "");
const isSector = (value: string | undefined): value is Sector => (SECTORS as readonly string[]).includes(value ?? "");

/** The validated content of a draft, ready to write. */
export function validateDraft(content: DraftContent) {
  const { prose, fields } = content;
  return {
    classification: content.classification
      ? { themeId: cleanText(content.classification.theme), policyArea: cleanText(content.classification.policyArea) }
      : null,
    leadInstitutionName: cleanText(fields.leadInstitution),
    commitment: {
      title: cleanText(prose.title),
      problem: cleanText(prose.problem),
      baseline: cleanText(prose.baseline),
      description: cleanText(prose.description),
      contribution: cleanText(prose.contribution),
      contactName: cleanText(fields.contactName),
      contactEmail: cleanEmail(fields.contactEmail),
      startDate: parseDay(fields.startDate),
      endDate: parseDay(fields.endDate),
      valueAccessToInformation: fields.valueAccessToInformation,
      valueCivicParticipation: fields.valueCivicParticipation,
      valuePublicAccountability: fields.valuePublicAccountability,
      valueTechnology: fields.valueTechnology,
    },
    milestones: content.milestones.flatMap((item) => {
      const description = cleanText(item.description);
      if (!description) return [];
      return [
        {
          itemId: item.id,
          description,
          output: cleanText(item.output),
          startDate: parseDay(item.startDate ?? ""),
          endDate: parseDay(item.endDate ?? ""),
          responsible: cleanText(item.responsible),
        },
      ];
    }),
    indicators: content.indicators.flatMap((item) => {
      const name = cleanText(item.name);
      if (!name || !isIndicatorKind(item.kind)) return [];
      return [
        {
          itemId: item.id,
          kind: item.kind,
          name,
          unit: cleanText(item.unit),
          baseline: cleanText(item.baseline),
          target: cleanText(item.target),
          dueDate: parseDay(item.dueDate ?? ""),
        },
      ];
    }),
    actors: content.actors.flatMap((item: ListItem) => {
      const name = cleanText(item.name);
      if (!name || !isSector(item.sector)) return [];
      return [{ itemId: item.id, name, sector: item.sector, role: cleanText(item.role) }];
    }),
  };
}

/** Row ids for a list: the item's id when usable and unique, else a fresh one. */
function rowIds(commitmentId: string, items: readonly { itemId: string }[], existing: ReadonlySet<string>) {
  const used = new Set<string>();
  return items.map(({ itemId }) => {
    let id: string;
    if (ITEM_ID.test(itemId) && existing.has(itemId)) id = itemId;
    else if (ITEM_ID.test(itemId)) id = `${commitmentId}-${itemId}`.slice(0, 120);
    else id = randomUUID();
    if (used.has(id)) id = randomUUID();
    used.add(id);
    return id;
  });
}

/** Writes a draft's content into the commitment's rows; false if the commitment is gone. */
export async function projectDraft(commitmentId: string, content: DraftContent): Promise<boolean> {
  const valid = validateDraft(content);
  return prisma().$transaction(async (tx) => {
    const current = await tx.commitment.findUnique({
      where: { id: commitmentId },
      select: {
        status: true,
        planId: true,
        policyArea: true,
        milestones: { select: { id: true, completion: true } },
        indicators: { select: { id: true } },
        supportingActors: { select: { id: true, name: true, organizationId: true } },
      },
    });
    if (!current) return false;
    // An approved commitment is frozen: its rows are what was approved (and fingerprinted).
    if (current.status === "APPROVED") return false;

    const milestones = new Map(current.milestones.map((row) => [row.id, row]));
    const indicators = new Map(current.indicators.map((row) => [row.id, row]));
    const actors = new Map(current.supportingActors.map((row) => [row.id, row]));
    const milestoneIds = rowIds(commitmentId, valid.milestones, new Set(milestones.keys()));
    const indicatorIds = rowIds(commitmentId, valid.indicators, new Set(indicators.keys()));
    const actorIds = rowIds(commitmentId, valid.actors, new Set(actors.keys()));

    const newNames = valid.actors
      .filter((actor, index) => actors.get(actorIds[index]!)?.name !== actor.name)
      .map((actor) => actor.name);
    const organizations = newNames.length
      ? await tx.organization.findMany({ where: { name: { in: newNames } }, select: { id: true, name: true } })
      : [];
    const organizationByName = new Map(organizations.map((org) => [org.name, org.id]));

    // The lead institution is named in the document; an unknown name links nothing.
    const lead = valid.leadInstitutionName
      ? await tx.organization.findFirst({ where: { name: valid.leadInstitutionName }, select: { id: true } })
      : null;
    let classification = {};
    if (valid.classification) {
      const { themeId, policyArea } = valid.classification;
      const theme = themeId
        ? await tx.theme.findFirst({ where: { id: themeId, planId: current.planId }, select: { id: true } })
        : null;
      const knownArea =
        policyArea !== null &&
        ((POLICY_AREAS as readonly string[]).includes(policyArea) || policyArea === current.policyArea);
      classification = { themeId: theme?.id ?? null, policyArea: knownArea ? policyArea : null };
    }
    await tx.commitment.update({
      where: { id: commitmentId },
      data: { ...valid.commitment, ...classification, leadInstitutionId: lead?.id ?? null },
    });
    await tx.milestone.deleteMany({ where: { commitmentId } });
    await tx.indicator.deleteMany({ where: { commitmentId } });
    await tx.supportingActor.deleteMany({ where: { commitmentId } });
    if (valid.milestones.length > 0) {
      await tx.milestone.createMany({
        data: valid.milestones.map(({ itemId: _item, ...m }, index) => ({
          ...m,
          id: milestoneIds[index]!,
          commitmentId,
          position: index + 1,
          completion: milestones.get(milestoneIds[index]!)?.completion ?? null,
        })),
      });
    }
    if (valid.indicators.length > 0) {
      await tx.indicator.createMany({
        data: valid.indicators.map(({ itemId: _item, ...i }, index) => ({
          ...i,
          id: indicatorIds[index]!,
          commitmentId,
          position: index,
        })),
      });
    }
    if (valid.actors.length > 0) {
      await tx.supportingActor.createMany({
        data: valid.actors.map(({ itemId: _item, ...a }, index) => {
          const previous = actors.get(actorIds[index]!);
          const organizationId =
            previous && previous.name === a.name ? previous.organizationId : (organizationByName.get(a.name) ?? null);
          return { ...a, id: actorIds[index]!, commitmentId, position: index, organizationId };
        }),
      });
    }
    return true;
  });
}
