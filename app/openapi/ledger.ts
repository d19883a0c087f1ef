import { pathParam, ref, type OpenApiPaths, type OpenApiSchemas } from "./types.ts";

// The public record's checkpoints and proofs (docs/decisions/021). The signing key and the
// witnesses' keys are at /.well-known/minka-ledger-keys (outside /api/v1).

const base64 = { type: "string", contentEncoding: "base64" };
const sizeParam = {
  ...pathParam("size", "The checkpoint's tree size"),
  schema: { type: "string", pattern: "^[0-9]{1,9}$" },
};
const json = (schema: Record<string, unknown>) => ({ "application/json": { schema } });

export const ledgerPaths: OpenApiPaths = {
  "/api/v1/ledger/checkpoints": {
    get: {
      operationId: "listLedgerCheckpoints",
      summary: "The record's signed checkpoints, newest first",
      description:
        "Each checkpoint states the size and RFC 6962 root of the Merkle tree over the record's entries (leaf i is entry seq i+1; its leaf input is the 32 bytes of the entry's hash), signed with Minka's Ed25519 key as a C2SP signed note. Keep the ones you download: a later checkpoint must be consistent with them (`/api/v1/ledger/consistency`).",
      tags: ["record"],
      parameters: [
        {
          name: "before",
          in: "query",
          required: false,
          description: "Only checkpoints of a smaller size (paging)",
          schema: { type: "integer", minimum: 0 },
        },
        {
          name: "limit",
          in: "query",
          required: false,
          description: "Page size (default 100, at most 500)",
          schema: { type: "integer", minimum: 1, maximum: 500 },
        },
      ],
      responses: {
        "200": {
          description: "A page of checkpoints and the latest one's signed note",
          content: json({
            type: "object",
            required: ["data", "next", "latest"],
            properties: {
              data: { type: "array", items: ref("LedgerCheckpoint") },
              next: { type: ["string", "null"], description: "URL of the next (older) page, or null" },
              latest: {
                oneOf: [
                  { type: "null" },
                  {
                    allOf: [
                      ref("LedgerCheckpoint"),
                      { type: "object", properties: { note: { type: "string" } }, required: ["note"] },
                    ],
                  },
                ],
              },
            },
          }),
        },
        "400": { $ref: "#/components/responses/BadRequest" },
      },
    },
  },
  "/api/v1/ledger/checkpoints/{size}": {
    get: {
      operationId: "getLedgerCheckpoint",
      summary: "One checkpoint as a signed note (a small text file)",
      description:
        "The C2SP checkpoint body (origin, tree size, base64 root hash), a blank line, then `— <name> <base64(key id || signature)>` lines: Minka's signature and the witnesses' cosignatures (cosignature/v1).",
      tags: ["record"],
      parameters: [sizeParam],
      responses: {
        "200": { description: "The signed note", content: { "text/plain": { schema: { type: "string" } } } },
        "400": { $ref: "#/components/responses/BadRequest" },
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
  "/api/v1/ledger/checkpoints/{size}/cosignatures": {
    post: {
      operationId: "addLedgerCosignature",
      summary: "A witness's cosignature of a checkpoint",
      description:
        "`line` (form field or JSON) is one C2SP tlog-cosignature/v1 signature line by a witness this Minka accepts (`/.well-known/minka-ledger-keys`). Kept and published beside the checkpoint when it verifies. Requests must carry Minka's own `Origin` (as every mutation does); the signature is the only credential.",
      tags: ["record"],
      parameters: [sizeParam],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: { type: "object", required: ["line"], properties: { line: { type: "string" } } },
          },
          "application/x-www-form-urlencoded": {
            schema: { type: "object", required: ["line"], properties: { line: { type: "string" } } },
          },
        },
      },
      responses: {
        "201": { description: "Kept" },
        "200": { description: "Already kept" },
        "400": { $ref: "#/components/responses/BadRequest" },
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
  "/api/v1/ledger/entries/{seq}/proof": {
    get: {
      operationId: "getLedgerInclusionProof",
      summary: "An entry's inclusion proof against a checkpoint",
      description:
        "RFC 9162 §2.1.3 audit path of leaf `seq - 1` in the tree of the checkpoint of size `checkpoint` (the latest by default), with the entry and the signed checkpoint.",
      tags: ["record"],
      parameters: [
        {
          ...pathParam("seq", "The entry's sequence number"),
          schema: { type: "string", pattern: "^[1-9][0-9]{0,8}$" },
        },
        {
          name: "checkpoint",
          in: "query",
          required: false,
          description: "The checkpoint's tree size (default: the latest)",
          schema: { type: "integer", minimum: 1 },
        },
      ],
      responses: {
        "200": {
          description: "The proof",
          content: json({ type: "object", required: ["data"], properties: { data: ref("LedgerInclusionProof") } }),
        },
        "400": { $ref: "#/components/responses/BadRequest" },
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
  "/api/v1/ledger/consistency": {
    get: {
      operationId: "getLedgerConsistencyProof",
      summary: "The consistency proof between two checkpoints",
      description:
        "RFC 9162 §2.1.4 proof that the tree of the checkpoint of size `to` extends that of size `from`: nothing in the first was changed, removed or reordered.",
      tags: ["record"],
      parameters: [
        { name: "from", in: "query", required: true, schema: { type: "integer", minimum: 0 } },
        { name: "to", in: "query", required: true, schema: { type: "integer", minimum: 0 } },
      ],
      responses: {
        "200": {
          description: "The proof",
          content: json({
            type: "object",
            required: ["data"],
            properties: {
              data: {
                type: "object",
                required: ["from", "to", "proof", "fromCheckpoint", "toCheckpoint"],
                properties: {
                  from: { type: "integer" },
                  to: { type: "integer" },
                  proof: { type: "array", items: base64 },
                  fromCheckpoint: { type: "string", description: "The older signed checkpoint" },
                  toCheckpoint: { type: "string", description: "The newer signed checkpoint" },
                },
              },
            },
          }),
        },
        "400": { $ref: "#/components/responses/BadRequest" },
        "404": { $ref: "#/components/responses/NotFound" },
      },
    },
  },
};

export const ledgerSchemas: OpenApiSchemas = {
  LedgerCheckpoint: {
    type: "object",
    required: ["size", "rootHash", "keyId", "signedAt", "cosignatures", "url"],
    properties: {
      size: { type: "integer", description: "Tree size: the entries 1..size" },
      rootHash: { ...base64, description: "RFC 6962 root of the tree" },
      keyId: { type: "string", description: "Hex key id of the signing key" },
      signedAt: { type: "string", format: "date-time" },
      cosignatures: {
        type: "array",
        items: {
          type: "object",
          properties: {
            witness: { type: "string" },
            keyId: { type: "string" },
            signedAt: { type: "string", format: "date-time" },
          },
        },
      },
      url: { type: "string", description: "Where the signed note can be downloaded" },
    },
  },
  LedgerInclusionProof: {
    type: "object",
    required: ["seq", "leafIndex", "treeSize", "leafHash", "proof", "entry", "checkpoint"],
    properties: {
      seq: { type: "integer" },
      leafIndex: { type: "integer" },
      treeSize: { type: "integer" },
      leafHash: { ...base64, description: "SHA-256(0x00 || entry hash bytes)" },
      proof: { type: "array", items: base64, description: "Audit path, bottom first" },
      entry: ref("LedgerEntry"),
      checkpoint: { type: "string", description: "The signed checkpoint the proof is against" },
    },
  },
};
