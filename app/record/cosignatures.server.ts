import { prisma, type PrismaClient } from "~/utils/db.server.ts";
import { ledgerSigner, ledgerWitnesses } from "./checkpoints.server.ts";
import { hexKeyId, parseNote, verifyCheckpoint, type Signer, type Verifier } from "./note.ts";

/**
 * Witness cosignatures (docs/decisions/021): a witness that found a checkpoint consistent with the
 * last one it cosigned posts its cosignature/v1 line; Minka keeps it when it is a genuine
 * cosignature of that checkpoint by one of the accepted witnesses (LEDGER_WITNESSES), and
 * publishes it beside the checkpoint. The signature is the credential: no session is needed.
 */

export type CosignResult =
  { ok: true; witness: string; created: boolean } | { ok: false; status: 400 | 404; message: string };

export async function addCosignature(
  size: number,
  line: string,
  options: { signer?: Signer; witnesses?: Verifier[]; db?: PrismaClient } = {},
): Promise<CosignResult> {
  const db = options.db ?? prisma();
  const witnesses = options.witnesses ?? ledgerWitnesses();
  const checkpoint = await db.ledgerCheckpoint.findUnique({ where: { size } });
  if (!checkpoint) return { ok: false, status: 404, message: `No checkpoint of size ${size}` };
  const normalised = `${line.trim()}\n`;
  if (!/^\u2014 \S+ [A-Za-z0-9+/=]+\n$/.test(normalised) || normalised.length > 512) {
    return { ok: false, status: 400, message: "A cosignature is one signature line: — <name> <base64>" };
  }
  let signature;
  try {
    [signature] = parseNote(`${checkpoint.note.split("\n\n")[0]}\n\n${normalised}`).signatures;
  } catch {
    return { ok: false, status: 400, message: "A cosignature is one signature line: — <name> <base64>" };
  }
  const witness = witnesses.find((w) => w.name === signature!.name && Buffer.compare(w.keyId, signature!.keyId) === 0);
  if (!witness) return { ok: false, status: 400, message: "Not the key of a witness this Minka accepts" };
  const verified = verifyCheckpoint(checkpoint.note + normalised, options.signer ?? ledgerSigner(), [witness]);
  const cosigned = verified.cosignedBy[0];
  if (!cosigned) return { ok: false, status: 400, message: "The cosignature does not verify for this checkpoint" };
  const keyId = hexKeyId(witness.keyId);
  const existing = await db.ledgerCosignature.findUnique({
    where: { checkpointSize_keyId: { checkpointSize: size, keyId } },
  });
  if (existing) return { ok: true, witness: witness.name, created: false };
  try {
    await db.ledgerCosignature.create({
      data: {
        checkpointSize: size,
        witness: witness.name,
        keyId,
        line: normalised,
        signedAt: new Date(cosigned.timestamp * 1000),
      },
    });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    return { ok: true, witness: witness.name, created: false };
  }
  return { ok: true, witness: witness.name, created: true };
}
