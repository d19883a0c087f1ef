import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";

/**
 * Signed checkpoints of the public record as pure functions: the C2SP signed-note format
 * (https://c2sp.org/signed-note), the checkpoint body (https://c2sp.org/tlog-checkpoint) and witness
 * cosignatures (https://c2sp.org/tlog-cosignature), with Ed25519 from node:crypto. No database and
 * no server: the standalone audit and the witness import this module.
 *
 * A note is text (lines ending in "\n", no blank line inside), a blank line, then one line per
 * signature: "— <key name> <base64(key id || signature)>". An Ed25519 key's id is the first 4 bytes
 * of SHA-256(name || "\n" || 0x01 || public key); a cosignature/v1 key's the same with 0x04.
 */

export const ALG_ED25519 = 0x01;
export const ALG_COSIGNATURE_V1 = 0x04;
const EM_DASH = "\u2014";

export type NoteSignature = { name: string; keyId: Uint8Array; signature: Uint8Array; line: string };
export type Note = { text: string; signatures: NoteSignature[] };
export type Checkpoint = { origin: string; size: number; rootHash: Uint8Array; extensions: string[] };
/** A key that can check signatures: the signer's or a witness's. */
export type Verifier = { name: string; keyId: Uint8Array; alg: number; publicKey: KeyObject };
export type Signer = Verifier & { privateKey: KeyObject };

/** Splits on "+" into at most `count` parts (the last keeps any "+" of the base64 key). */
function splitKey(text: string, count: number): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (parts.length < count - 1) {
    const at = rest.indexOf("+");
    if (at < 0) break;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

function sha256(...parts: (Uint8Array | string)[]): Buffer {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** A key name: non-empty, no whitespace, no "+", printable ASCII (signed-note). */
export function validKeyName(name: string): boolean {
  return /^[\x21-\x2a\x2c-\x7e]+$/.test(name);
}

export function keyIdFor(name: string, alg: number, publicKey: Uint8Array): Uint8Array {
  return new Uint8Array(sha256(name, "\n", Uint8Array.of(alg), publicKey).subarray(0, 4));
}

const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export function rawPublicKey(key: KeyObject): Uint8Array {
  const der = key.export({ type: "spki", format: "der" });
  return new Uint8Array(der.subarray(der.length - 32));
}

function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error("an Ed25519 public key is 32 bytes");
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

function seedOf(key: KeyObject): Uint8Array {
  const der = key.export({ type: "pkcs8", format: "der" });
  return new Uint8Array(der.subarray(der.length - 32));
}

/** A new Ed25519 signer (or cosigner) named `name`. */
export function generateSigner(name: string, alg: number = ALG_ED25519): Signer {
  if (!validKeyName(name)) throw new Error(`"${name}" is not a valid key name`);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { name, alg, keyId: keyIdFor(name, alg, rawPublicKey(publicKey)), publicKey, privateKey };
}

/** The signed-note private key encoding: "PRIVATE+KEY+<name>+<hex id>+<base64(alg || seed)>". */
export function encodeSigner(signer: Signer): string {
  const body = Buffer.concat([Uint8Array.of(signer.alg), seedOf(signer.privateKey)]).toString("base64");
  return `PRIVATE+KEY+${signer.name}+${Buffer.from(signer.keyId).toString("hex")}+${body}`;
}

export function decodeSigner(text: string): Signer {
  const parts = splitKey(text, 5);
  if (parts.length !== 5 || parts[0] !== "PRIVATE" || parts[1] !== "KEY") {
    throw new Error("a signing key looks like PRIVATE+KEY+<name>+<key id>+<key>");
  }
  const [, , name, id, body] = parts as [string, string, string, string, string];
  const raw = Buffer.from(body, "base64");
  if (!validKeyName(name) || raw.length !== 33) throw new Error("the signing key is malformed");
  const alg = raw[0]!;
  if (alg !== ALG_ED25519 && alg !== ALG_COSIGNATURE_V1) throw new Error("the signing key is not an Ed25519 key");
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, raw.subarray(1)]),
    format: "der",
    type: "pkcs8",
  });
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdFor(name, alg, rawPublicKey(publicKey));
  if (Buffer.from(keyId).toString("hex") !== id.toLowerCase())
    throw new Error("the signing key's id does not match it");
  return { name, alg, keyId, publicKey, privateKey };
}

/** The signed-note verifier key encoding: "<name>+<hex id>+<base64(alg || public key)>". */
export function encodeVerifier(key: Verifier): string {
  const body = Buffer.concat([Uint8Array.of(key.alg), rawPublicKey(key.publicKey)]).toString("base64");
  return `${key.name}+${Buffer.from(key.keyId).toString("hex")}+${body}`;
}

export function decodeVerifier(text: string): Verifier {
  const parts = splitKey(text, 3);
  if (parts.length !== 3) throw new Error("a verifier key looks like <name>+<key id>+<key>");
  const [name, id, body] = parts as [string, string, string];
  const raw = Buffer.from(body, "base64");
  if (!validKeyName(name) || raw.length !== 33) throw new Error("the verifier key is malformed");
  const alg = raw[0]!;
  if (alg !== ALG_ED25519 && alg !== ALG_COSIGNATURE_V1) throw new Error("the verifier key is not an Ed25519 key");
  const publicKey = publicKeyFromRaw(new Uint8Array(raw.subarray(1)));
  const keyId = keyIdFor(name, alg, new Uint8Array(raw.subarray(1)));
  if (Buffer.from(keyId).toString("hex") !== id.toLowerCase())
    throw new Error("the verifier key's id does not match it");
  return { name, alg, keyId, publicKey };
}

/** The checkpoint body: origin, size, base64 root hash, each on its own line. */
export function checkpointText(origin: string, size: number, rootHash: Uint8Array, extensions: string[] = []): string {
  if (!origin || /\n/.test(origin)) throw new Error("an origin is one non-empty line");
  if (!Number.isSafeInteger(size) || size < 0) throw new Error("a tree size is a whole number");
  if (rootHash.length !== 32) throw new Error("a root hash is 32 bytes");
  return [origin, String(size), Buffer.from(rootHash).toString("base64"), ...extensions].map((l) => `${l}\n`).join("");
}

export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith("\n")) throw new Error("a checkpoint ends with a newline");
  const lines = text.slice(0, -1).split("\n");
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (!origin || sizeLine === undefined || rootLine === undefined) throw new Error("a checkpoint has three lines");
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    throw new Error("a checkpoint's second line is its tree size");
  }
  const rootHash = Buffer.from(rootLine, "base64");
  if (rootHash.length !== 32 || rootHash.toString("base64") !== rootLine) {
    throw new Error("a checkpoint's third line is a base64 SHA-256 root hash");
  }
  if (extensions.some((line) => line === "")) throw new Error("a checkpoint has no blank line inside");
  return { origin, size: Number(sizeLine), rootHash: new Uint8Array(rootHash), extensions };
}

function signatureLine(name: string, keyId: Uint8Array, signature: Uint8Array): string {
  return `${EM_DASH} ${name} ${Buffer.concat([keyId, signature]).toString("base64")}\n`;
}

/** Signs `text` as a note: the text, a blank line, and the signer's line. */
export function signNote(text: string, signer: Signer): string {
  if (signer.alg !== ALG_ED25519) throw new Error("a note is signed with an Ed25519 (0x01) key");
  const signature = new Uint8Array(sign(null, Buffer.from(text, "utf8"), signer.privateKey));
  return `${text}\n${signatureLine(signer.name, signer.keyId, signature)}`;
}

export function parseNote(note: string): Note {
  const split = note.lastIndexOf("\n\n");
  if (split < 0 || !note.endsWith("\n")) throw new Error("a signed note is text, a blank line and signature lines");
  const text = note.slice(0, split + 1);
  const signatures = note
    .slice(split + 2, -1)
    .split("\n")
    .map((line): NoteSignature => {
      const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
      if (!match) throw new Error(`not a signature line: ${line}`);
      const raw = Buffer.from(match[2]!, "base64");
      if (raw.length < 5) throw new Error(`a signature line is too short: ${line}`);
      return {
        name: match[1]!,
        keyId: new Uint8Array(raw.subarray(0, 4)),
        signature: new Uint8Array(raw.subarray(4)),
        line: `${line}\n`,
      };
    });
  if (signatures.length === 0) throw new Error("a signed note has at least one signature");
  return { text, signatures };
}

/** The signatures of `note` by `key` that are genuine (a name and id match and the signature checks). */
function signedBy(note: Note, key: Verifier, checkpointForCosig: Checkpoint | null): NoteSignature | null {
  for (const sig of note.signatures) {
    if (sig.name !== key.name || Buffer.compare(sig.keyId, key.keyId) !== 0) continue;
    if (key.alg === ALG_ED25519) {
      if (sig.signature.length === 64 && verify(null, Buffer.from(note.text, "utf8"), key.publicKey, sig.signature))
        return sig;
    } else if (key.alg === ALG_COSIGNATURE_V1 && checkpointForCosig && sig.signature.length === 72) {
      const timestamp = Buffer.from(sig.signature.subarray(0, 8)).readBigUInt64BE();
      const message = cosignedMessage(note.text, timestamp);
      if (verify(null, Buffer.from(message, "utf8"), key.publicKey, sig.signature.subarray(8))) return sig;
    }
  }
  return null;
}

export type VerifiedCheckpoint = Checkpoint & {
  text: string;
  /** Names of the witnesses among `witnesses` whose cosignatures check, and when they cosigned. */
  cosignedBy: { name: string; timestamp: number }[];
};

/**
 * Checks a signed checkpoint: the log's signature by `logKey` must be there and genuine (any
 * other signature is ignored unless it is a genuine cosignature by one of `witnesses`), and the
 * origin must be the log key's name. Throws an Error saying what is wrong otherwise.
 */
export function verifyCheckpoint(note: string, logKey: Verifier, witnesses: Verifier[] = []): VerifiedCheckpoint {
  const parsed = parseNote(note);
  const checkpoint = parseCheckpoint(parsed.text);
  if (!signedBy(parsed, logKey, null)) {
    throw new Error(`the checkpoint is not signed by ${logKey.name} (${Buffer.from(logKey.keyId).toString("hex")})`);
  }
  if (checkpoint.origin !== logKey.name) throw new Error(`the checkpoint's origin is not ${logKey.name}`);
  const cosignedBy: { name: string; timestamp: number }[] = [];
  for (const witness of witnesses) {
    const sig = signedBy(parsed, witness, checkpoint);
    if (sig) cosignedBy.push({ name: witness.name, timestamp: Number(Buffer.from(sig.signature).readBigUInt64BE()) });
  }
  return { ...checkpoint, text: parsed.text, cosignedBy };
}

/** What a cosignature/v1 signs: a header line, the time, then the checkpoint body. */
export function cosignedMessage(checkpointBody: string, timestamp: bigint): string {
  return `cosignature/v1\ntime ${timestamp}\n${checkpointBody}`;
}

/** A witness's cosignature line for a checkpoint body, at `timestamp` (seconds since the epoch). */
export function cosignLine(checkpointBody: string, witness: Signer, timestamp: number): string {
  if (witness.alg !== ALG_COSIGNATURE_V1) throw new Error("a cosignature is made with a cosignature/v1 (0x04) key");
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(
    null,
    Buffer.from(cosignedMessage(checkpointBody, BigInt(timestamp)), "utf8"),
    witness.privateKey,
  );
  return signatureLine(witness.name, witness.keyId, new Uint8Array(Buffer.concat([time, signature])));
}

/** The note with extra signature lines appended (cosignatures beside the log's signature). */
export function withSignatureLines(note: string, lines: string[]): string {
  return note + lines.join("");
}

export function hexKeyId(keyId: Uint8Array): string {
  return Buffer.from(keyId).toString("hex");
}
