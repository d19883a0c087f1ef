import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { LedgerCheckpoint } from "~/generated/prisma/client.ts";
import { services } from "~/services.server.ts";
import { isPostgresClient, prisma, sqliteFilePath, type PrismaClient } from "~/utils/db.server.ts";
import type { Env } from "~/utils/env.server.ts";
import { LEDGER_TRANSACTION } from "./ledger.server.ts";
import { entryLeafHash, equalHashes, fromHex, headRange, toBase64, treeHead } from "./merkle.ts";
import {
  ALG_COSIGNATURE_V1,
  ALG_ED25519,
  checkpointText,
  decodeSigner,
  decodeVerifier,
  encodeSigner,
  encodeVerifier,
  generateSigner,
  hexKeyId,
  rawPublicKey,
  signNote,
  type Signer,
  type Verifier,
} from "./note.ts";
import { catchUpTree, nodesForRanges, storedTreeSize } from "./tree.server.ts";

/**
 * Signed checkpoints of the public record (docs/decisions/021): the Merkle tree's size and root
 * signed with the server's Ed25519 key as a C2SP signed note, at a fixed interval when the tree
 * grew and on demand. Signing is serialised (the SQLite writer; on PostgreSQL an advisory lock) and
 * each size is signed once, so several nodes may run the interval and one of them signs.
 */

/** The PostgreSQL advisory lock held while a checkpoint is signed. */
export const CHECKPOINT_LOCK = 7425363;
/** Where the single-node key lives, next to the SQLite database. */
export const KEY_FILE = "ledger-signing.key";

/** The log's name (origin and key name) for a new key: "<host>/ledger". */
export function defaultLogName(env: Pick<Env, "PUBLIC_URL">): string {
  const host = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).host : "minka.localhost";
  return `${host}/ledger`;
}

/**
 * The signing key: LEDGER_SIGNING_KEY when set; else, on SQLite (one node), the key file beside the
 * database, created on first start. On PostgreSQL (possibly several nodes) the key must be given:
 * nodes creating their own keys would sign the same record under different names.
 */
export function loadSigner(env: Pick<Env, "LEDGER_SIGNING_KEY" | "DATABASE_URL" | "PUBLIC_URL">): Signer {
  if (env.LEDGER_SIGNING_KEY) {
    const signer = decodeSigner(env.LEDGER_SIGNING_KEY);
    if (signer.alg !== ALG_ED25519) throw new Error("LEDGER_SIGNING_KEY must be an Ed25519 (0x01) signed-note key");
    return signer;
  }
  if (!env.DATABASE_URL.startsWith("file:")) {
    throw new Error(
      "Invalid configuration: LEDGER_SIGNING_KEY: must be set when DATABASE_URL is PostgreSQL " +
        "(create one with `npm run ledger:keygen`)",
    );
  }
  const file = path.join(path.dirname(sqliteFilePath(env.DATABASE_URL)), KEY_FILE);
  try {
    return decodeSigner(readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const created = generateSigner(defaultLogName(env));
  try {
    // "wx": of two processes starting at once, one writes the key and the other reads it.
    writeFileSync(file, `${encodeSigner(created)}\n`, { flag: "wx", mode: 0o600 });
    return created;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return decodeSigner(readFileSync(file, "utf8"));
  }
}

/** This process's signing key (loaded once, kept in its services). */
export function ledgerSigner(): Signer {
  const { caches, env } = services();
  caches.ledgerSigner ??= loadSigner(env);
  return caches.ledgerSigner;
}

/** The witnesses whose cosignatures Minka accepts and publishes (LEDGER_WITNESSES). */
export function ledgerWitnesses(env: Pick<Env, "LEDGER_WITNESSES"> = services().env): Verifier[] {
  return (env.LEDGER_WITNESSES ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter(Boolean)
    .map((key) => {
      const verifier = decodeVerifier(key);
      if (verifier.alg !== ALG_COSIGNATURE_V1)
        throw new Error(`LEDGER_WITNESSES: ${verifier.name} is not a cosignature/v1 key`);
      return verifier;
    });
}

/** What `/.well-known/minka-ledger-keys` publishes. */
export function publishedKeys(signer: Signer = ledgerSigner(), witnesses: Verifier[] = ledgerWitnesses()) {
  const describe = (key: Verifier) => ({
    name: key.name,
    keyId: hexKeyId(key.keyId),
    algorithm: key.alg === ALG_ED25519 ? "ed25519" : "cosignature/v1",
    publicKey: Buffer.from(rawPublicKey(key.publicKey)).toString("base64"),
    verifierKey: encodeVerifier(key),
  });
  return { origin: signer.name, log: describe(signer), witnesses: witnesses.map(describe) };
}

export type SignResult = { checkpoint: LedgerCheckpoint; created: boolean };

/**
 * Signs a checkpoint of the tree as it is now, unless the latest checkpoint already covers it
 * (then returns that one). Brings the stored tree up to the chain first, and refuses to sign a
 * tree whose last leaf is not the chain's entry or that is shorter than a checkpoint already given.
 */
export async function signCheckpoint(
  signer: Signer = ledgerSigner(),
  db: PrismaClient = prisma(),
): Promise<SignResult> {
  await catchUpTree(db);
  return db.$transaction(async (tx) => {
    if (isPostgresClient(tx)) await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
    const size = await storedTreeSize(tx);
    const latest = await tx.ledgerCheckpoint.findFirst({ orderBy: { size: "desc" } });
    if (latest && latest.size === size) return { checkpoint: latest, created: false };
    if (latest && latest.size > size) {
      throw new Error(
        `the record's tree has ${size} leaves but checkpoint ${latest.size} was signed: refusing to sign`,
      );
    }
    if (size > 0) {
      const [entry, leaf] = await Promise.all([
        tx.ledgerEntry.findUnique({ where: { seq: size }, select: { hash: true } }),
        tx.ledgerTreeNode.findUnique({ where: { level_idx: { level: 0, idx: size - 1 } } }),
      ]);
      if (!entry || !leaf || !equalHashes(entryLeafHash(entry.hash), fromHex(leaf.hash))) {
        throw new Error(`the record's tree does not end with entry ${size}: refusing to sign`);
      }
    }
    const root = treeHead(size, await nodesForRanges(headRange(size), tx));
    const note = signNote(checkpointText(signer.name, size, root), signer);
    const checkpoint = await tx.ledgerCheckpoint.create({
      data: { size, rootHash: toBase64(root), note, keyId: hexKeyId(signer.keyId) },
    });
    return { checkpoint, created: true };
  }, LEDGER_TRANSACTION);
}

/**
 * Signs once now (awaited, so a server starts with its record signed) and then at a fixed interval;
 * each node of a cluster may run it, one signs each new size. Resolves to the function that stops it.
 */
export async function startCheckpointSigner(options: {
  intervalSeconds: number;
  signer: Signer;
  db: PrismaClient;
  onError: (error: unknown) => void;
  onSigned?: (checkpoint: LedgerCheckpoint) => void;
}): Promise<() => void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= signCheckpoint(options.signer, options.db)
      .then(({ checkpoint, created }) => {
        if (created) options.onSigned?.(checkpoint);
      })
      .catch(options.onError)
      .finally(() => {
        running = null;
      });
    return running;
  };
  await tick();
  const timer = setInterval(() => void tick(), options.intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/** A checkpoint's signed note with the cosignatures published beside it. */
function withCosignatures(checkpoint: LedgerCheckpoint & { cosignatures: { line: string }[] }): string {
  return checkpoint.note + checkpoint.cosignatures.map((c) => c.line).join("");
}

function describeCheckpoint(
  checkpoint: LedgerCheckpoint & { cosignatures: { witness: string; keyId: string; signedAt: Date }[] },
) {
  return {
    size: checkpoint.size,
    rootHash: checkpoint.rootHash,
    keyId: checkpoint.keyId,
    signedAt: checkpoint.createdAt,
    cosignatures: checkpoint.cosignatures.map((c) => ({ witness: c.witness, keyId: c.keyId, signedAt: c.signedAt })),
    url: `/api/v1/ledger/checkpoints/${checkpoint.size}`,
  };
}

export type CheckpointSummary = ReturnType<typeof describeCheckpoint>;

/** Checkpoints, newest first, below `before` (a size), `limit` at a time. */
export async function listCheckpoints(before: number | null, limit: number, db: PrismaClient = prisma()) {
  const rows = await db.ledgerCheckpoint.findMany({
    where: before === null ? {} : { size: { lt: before } },
    orderBy: { size: "desc" },
    take: limit,
    include: { cosignatures: { orderBy: { createdAt: "asc" } } },
  });
  return rows.map(describeCheckpoint);
}

/** The latest checkpoint (summary and signed note), if any was signed. */
export async function latestCheckpoint(db: PrismaClient = prisma()) {
  const row = await db.ledgerCheckpoint.findFirst({
    orderBy: { size: "desc" },
    include: { cosignatures: { orderBy: { createdAt: "asc" } } },
  });
  return row ? { ...describeCheckpoint(row), note: withCosignatures(row) } : null;
}

/** One checkpoint's signed note with its cosignatures, or null. */
export async function checkpointNote(size: number, db: PrismaClient = prisma()): Promise<string | null> {
  const row = await db.ledgerCheckpoint.findUnique({
    where: { size },
    include: { cosignatures: { orderBy: { createdAt: "asc" } } },
  });
  return row ? withCosignatures(row) : null;
}
