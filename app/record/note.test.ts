import { describe, expect, test } from "vitest";
import { emptyRoot, fromHex } from "./merkle.ts";
import {
  ALG_COSIGNATURE_V1,
  checkpointText,
  cosignLine,
  decodeSigner,
  decodeVerifier,
  encodeSigner,
  encodeVerifier,
  generateSigner,
  hexKeyId,
  parseCheckpoint,
  parseNote,
  signNote,
  verifyCheckpoint,
  withSignatureLines,
} from "./note.ts";

// The example key and signed note of the signed-note reference implementation
// (golang.org/x/mod/sumdb/note): Ed25519 signatures are deterministic, so ours must be identical.
const GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE =
  GO_TEXT +
  "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

const ROOT = fromHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

describe("signed notes and checkpoints (C2SP)", () => {
  test("keys, key ids and signatures match the reference implementation's example", () => {
    const signer = decodeSigner(GO_SIGNER);
    expect(hexKeyId(signer.keyId)).toBe("c74f20a3");
    expect(encodeVerifier(signer)).toBe(GO_VERIFIER);
    expect(encodeSigner(signer)).toBe(GO_SIGNER);
    expect(signNote(GO_TEXT, signer)).toBe(GO_NOTE);
    const parsed = parseNote(GO_NOTE);
    expect(parsed.text).toBe(GO_TEXT);
    expect(parsed.signatures).toHaveLength(1);
    expect(parsed.signatures[0]!.name).toBe("PeterNeumann");
  });

  test("a checkpoint round-trips and verifies against its log key", () => {
    const signer = generateSigner("minka.example.pe/ledger");
    const text = checkpointText(signer.name, 8, ROOT);
    expect(text).toBe("minka.example.pe/ledger\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
    const note = signNote(text, signer);
    const verifier = decodeVerifier(encodeVerifier(signer));
    const checked = verifyCheckpoint(note, verifier);
    expect(checked).toMatchObject({ origin: signer.name, size: 8, cosignedBy: [] });
    expect(Buffer.from(checked.rootHash).equals(Buffer.from(ROOT))).toBe(true);
    expect(parseCheckpoint(checkpointText(signer.name, 0, emptyRoot())).size).toBe(0);
  });

  test("a wrong signature, a changed body, another key or another origin is refused", () => {
    const signer = generateSigner("minka.example.pe/ledger");
    const note = signNote(checkpointText(signer.name, 8, ROOT), signer);
    // Another size under the same signature.
    expect(() => verifyCheckpoint(note.replace("\n8\n", "\n9\n"), signer)).toThrow(/not signed/);
    // A flipped bit in the signature.
    const line = note.split("\n").at(-2)!;
    const raw = Buffer.from(line.split(" ").at(-1)!, "base64");
    raw[10]! ^= 1;
    const forged = note.replace(line, `\u2014 ${signer.name} ${raw.toString("base64")}`);
    expect(() => verifyCheckpoint(forged, signer)).toThrow(/not signed/);
    // A key with the same name but another secret: its id differs, so nothing matches.
    const impostor = generateSigner(signer.name);
    expect(() => verifyCheckpoint(signNote(checkpointText(signer.name, 8, ROOT), impostor), signer)).toThrow(
      /not signed/,
    );
    // The right key but someone else's origin.
    const other = signNote(checkpointText("other.example/log", 8, ROOT), signer);
    expect(() => verifyCheckpoint(other, signer)).toThrow(/origin/);
    // Malformed bodies and notes.
    expect(() => parseCheckpoint("origin\nx\nroot\n")).toThrow();
    expect(() => parseNote("no signature\n")).toThrow();
    expect(() => decodeVerifier(GO_VERIFIER.replace("c74f20a3", "c74f20a4"))).toThrow(/id/);
  });

  test("witness cosignatures verify beside the log's signature, and forged ones are ignored", () => {
    const log = generateSigner("minka.example.pe/ledger");
    const witness = generateSigner("witness.ong.example/w1", ALG_COSIGNATURE_V1);
    const stranger = generateSigner("witness.other.example/w2", ALG_COSIGNATURE_V1);
    const body = checkpointText(log.name, 8, ROOT);
    const note = signNote(body, log);
    const cosigned = withSignatureLines(note, [cosignLine(body, witness, 1_764_000_000)]);
    expect(verifyCheckpoint(cosigned, log, [witness, stranger]).cosignedBy).toEqual([
      { name: witness.name, timestamp: 1_764_000_000 },
    ]);
    // A cosignature over another body does not count.
    const elsewhere = cosignLine(checkpointText(log.name, 9, ROOT), witness, 1_764_000_000);
    expect(verifyCheckpoint(withSignatureLines(note, [elsewhere]), log, [witness]).cosignedBy).toEqual([]);
    // A witness key is not a log key.
    expect(() => signNote(body, witness)).toThrow();
    expect(() => verifyCheckpoint(withSignatureLines(note, [cosignLine(body, witness, 1)]), witness)).toThrow();
  });
});
