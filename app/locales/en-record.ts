import type esRecord from "./es-record.ts";

// English strings of the public record's checkpoints, proofs and receipts (merged into en.ts under "record").
const enRecord: typeof esRecord = {
  verify: {
    title: "Verify the public record",
    intro:
      "Every act in Minka (a proposal published, a support, an endorsement, a Forum agreement) goes into the public record. Minka regularly signs a “checkpoint”: the number of entries in the record and a fingerprint (the root of a Merkle tree) that depends on all of them. Whoever keeps a checkpoint can later check, without trusting the server, that nobody changed, deleted or reordered what was already recorded.",
    latestTitle: "Latest checkpoint",
    none: "No checkpoint has been signed yet.",
    size: "Entries covered: {{size}}",
    signedAt: "Signed on {{date}}",
    download: "Download the signed checkpoint",
    all: "All checkpoints (API)",
    keysTitle: "Signing key",
    keysIntro:
      "Checkpoints are signed with this Ed25519 key. Its fingerprint is also published at /.well-known/minka-ledger-keys and in the operations documentation; compare them.",
    witnesses: "Accepted witnesses: {{count}}",
    howTitle: "How a civil-society organisation audits",
    how1: "Download the latest signed checkpoint and keep it outside Minka (for instance in your own repository, or attached to minutes).",
    how2: "Later, download another checkpoint and the whole record (the open data or the API), and run the audit: it recomputes the tree from every entry, checks the signatures, and checks that the new checkpoint contains the one you kept unchanged.",
    how3: "If anything does not match, the audit names the first entry that differs. Publish it: it proves the record was altered.",
    how4: "An organisation can also run a witness: a program that cosigns each new checkpoint only if it is consistent with the last one it cosigned. Then Minka cannot show each auditor a different record.",
    command: "Audit command",
    receiptsTitle: "Receipts",
    receipts:
      "The author of a proposal can download, from the proposal's page, a receipt for its publication (and whoever supported it, for their support): the entry, its inclusion proof and the signed checkpoint. It proves, without relying on Minka, that the act is in the record.",
    signNow: "Sign a checkpoint now",
    signed: "The checkpoint of {{size}} entries was signed.",
    upToDate: "The latest checkpoint already covers the record's {{size}} entries.",
  },
  receipt: {
    proposal: "Receipt for the publication (public record)",
    vote: "Receipt for your support (public record)",
    hint: "A file with the record's entry, its inclusion proof and the signed checkpoint.",
  },
};

export default enRecord;
