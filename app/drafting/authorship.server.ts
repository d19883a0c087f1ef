import * as Y from "yjs";
import { colorForUser } from "~/collab/protocol.ts";
import type { Sector } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { charactersByClient } from "./attribution.server.ts";
import { initialTextClientIds } from "./authors.server.ts";
import { applyStoredState, readStoredState } from "./stored-state.server.ts";
import { room } from "./drafts.server.ts";

// ---- authorship ----------------------------------------------------------------------------------

export type AuthorKind = "person" | "seed" | "former";
export type AuthorInfo = {
  name: string;
  sector: Sector | null;
  color: string;
  userId: string | null;
  /** person: someone's words; seed: the commitment as the database held it when drafting
   * began; former: an account that no longer exists. */
  kind: AuthorKind;
};

const SEED_NAME = "Texto inicial del compromiso";
export const FORMER_NAME = "Participante eliminado";
const NEUTRAL_COLOR = "#57534e";

/** Who owns each client id of a commitment's room. */
export async function authorsOf(commitmentId: string): Promise<Map<number, AuthorInfo>> {
  const [rows, seed] = await Promise.all([
    prisma().collabAuthor.findMany({
      where: { room: room(commitmentId) },
      select: { clientId: true, userId: true, sector: true, user: { select: { name: true } } },
    }),
    initialTextClientIds(room(commitmentId)),
  ]);
  return new Map(
    rows.map((row): [number, AuthorInfo] => {
      if (row.userId && row.user) {
        return [
          Number(row.clientId),
          {
            name: row.user.name,
            sector: row.sector,
            color: colorForUser(row.userId),
            userId: row.userId,
            kind: "person",
          },
        ];
      }
      const kind: AuthorKind = seed.has(Number(row.clientId)) ? "seed" : "former";
      return [
        Number(row.clientId),
        { name: kind === "seed" ? SEED_NAME : FORMER_NAME, sector: null, color: NEUTRAL_COLOR, userId: null, kind },
      ];
    }),
  );
}

/**
 * clientId → author, for the editor's "who wrote this" view (plain JSON: keys are the client ids
 * as strings). Seed and former entries carry Spanish names; `kind` lets the page translate them.
 */
export async function getAuthorMap(commitmentId: string): Promise<Record<string, AuthorInfo>> {
  const authors = await authorsOf(commitmentId);
  return Object.fromEntries([...authors].map(([clientId, author]) => [String(clientId), author]));
}

export type Contributor = {
  userId: string;
  name: string;
  sector: Sector | null;
  /** Characters of the current text this person wrote (still there, not deleted). */
  characters: number;
  /** Changes this person's editor stored (each a batch of keystrokes or an operation). */
  updates: number;
};

export type SectorContribution = { sector: Sector | null; people: number; characters: number; updates: number };

export type Contributors = {
  people: Contributor[];
  sectors: SectorContribution[];
  /** Characters of the current text that come from the commitment as it was before drafting. */
  seedCharacters: number;
  totalCharacters: number;
};

/**
 * Who wrote a commitment's draft, per person and per sector, with two measures:
 *   - characters: the live text each person wrote (every Yjs item's client id → CollabAuthor),
 *     so deleted or overwritten text no longer counts and a restore counts for the restorer;
 *   - updates: the stored changes each person made (CollabUpdate rows), a measure of activity.
 * Sectors are the ones recorded when each person wrote (their organisation's sector then).
 */
export async function getContributors(commitmentId: string): Promise<Contributors> {
  const name = room(commitmentId);
  const [{ snapshot, rows }, authors, groups] = await Promise.all([
    readStoredState(name),
    prisma().collabAuthor.findMany({
      where: { room: name },
      select: { clientId: true, userId: true, sector: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma().collabUpdate.groupBy({
      by: ["userId", "sector"],
      where: { room: name, userId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const doc = new Y.Doc();
  let characters: Map<number, number>;
  try {
    applyStoredState(doc, snapshot, rows, () => {});
    characters = charactersByClient(doc);
  } finally {
    doc.destroy();
  }

  type Person = { characters: number; updates: number; sector: Sector | null };
  const people = new Map<string, Person>();
  const person = (userId: string) => {
    let entry = people.get(userId);
    if (!entry) {
      entry = { characters: 0, updates: 0, sector: null };
      people.set(userId, entry);
    }
    return entry;
  };
  const sectors = new Map<Sector | null, SectorContribution>();
  const sectorOf = (sector: Sector | null) => {
    let entry = sectors.get(sector);
    if (!entry) {
      entry = { sector, people: 0, characters: 0, updates: 0 };
      sectors.set(sector, entry);
    }
    return entry;
  };
  let seedCharacters = 0;
  let totalCharacters = 0;
  for (const author of authors) {
    const count = characters.get(Number(author.clientId)) ?? 0;
    totalCharacters += count;
    if (!author.userId) {
      seedCharacters += count;
      continue;
    }
    const entry = person(author.userId);
    entry.characters += count;
    if (author.sector) entry.sector = author.sector;
    if (count > 0) sectorOf(author.sector).characters += count;
  }
  for (const group of groups) {
    if (!group.userId) continue;
    const entry = person(group.userId);
    entry.updates += group._count._all;
    entry.sector ??= group.sector;
    sectorOf(group.sector).updates += group._count._all;
  }
  const users = await prisma().user.findMany({
    where: { id: { in: [...people.keys()] } },
    select: { id: true, name: true },
  });
  const names = new Map(users.map((user) => [user.id, user.name]));
  for (const entry of people.values()) sectorOf(entry.sector).people++;
  return {
    people: [...people]
      .map(([userId, entry]) => ({ userId, name: names.get(userId) ?? FORMER_NAME, ...entry }))
      .sort((a, b) => b.characters - a.characters || b.updates - a.updates || a.name.localeCompare(b.name)),
    sectors: [...sectors.values()].sort((a, b) => b.characters - a.characters || b.updates - a.updates),
    seedCharacters,
    totalCharacters,
  };
}
