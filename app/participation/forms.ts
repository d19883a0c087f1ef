import { z } from "zod";

// Form schemas of participation (proposals, comments, responses, moderation), shared by the
// browser (conform) and the server. Messages are i18n keys under "participation.errors".

export const PROPOSAL_TITLE_MAX = 150;
export const PROPOSAL_BODY_MAX = 5000;
export const COMMENT_BODY_MAX = 3000;
export const REASON_MAX = 3000;
/** Replies nest up to this depth (0 is a top-level comment): five levels of replies. */
export const COMMENT_MAX_DEPTH = 5;

export const PROPOSAL_STATUSES = [
  "PUBLISHED",
  "UNDER_EVALUATION",
  "ACCEPTED",
  "PARTLY_ACCEPTED",
  "NOT_ACCEPTED",
  "WITHDRAWN",
] as const;
/** The statuses the plan's team sets; the last three take a written reason. */
export const RESPONSE_STATUSES = ["UNDER_EVALUATION", "ACCEPTED", "PARTLY_ACCEPTED", "NOT_ACCEPTED"] as const;
export const REASONED_STATUSES = ["ACCEPTED", "PARTLY_ACCEPTED", "NOT_ACCEPTED"] as const;
export const COMMENT_RESPONSE_STATUSES = ["ACCEPTED", "PARTLY_ACCEPTED", "NOT_ACCEPTED", "NOTED"] as const;
export const STANCES = ["FOR", "NEUTRAL", "AGAINST"] as const;
export const SECTORS = ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"] as const;
export const PROPOSAL_SORTS = ["support", "recent", "discussion"] as const;

const optionalId = z
  .string()
  .trim()
  .max(64)
  .optional()
  .transform((value) => (value ? value : undefined));

/** A client-made key that makes a resubmitted form idempotent. */
const submissionKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/)
  .optional();

export const proposalSchema = z.object({
  planId: z.string({ message: "participation.errors.planRequired" }).trim().min(1, "participation.errors.planRequired"),
  title: z
    .string({ message: "participation.errors.titleRequired" })
    .trim()
    .min(5, "participation.errors.titleTooShort")
    .max(PROPOSAL_TITLE_MAX, "participation.errors.titleTooLong"),
  body: z
    .string({ message: "participation.errors.bodyRequired" })
    .trim()
    .min(20, "participation.errors.bodyTooShort")
    .max(PROPOSAL_BODY_MAX, "participation.errors.bodyTooLong"),
  themeId: optionalId,
  territoryId: optionalId,
  organizationId: optionalId,
  submissionKey,
});

export const commentSchema = z.object({
  intent: z.literal("comment"),
  body: z
    .string({ message: "participation.errors.commentRequired" })
    .trim()
    .min(1, "participation.errors.commentRequired")
    .max(COMMENT_BODY_MAX, "participation.errors.commentTooLong"),
  stance: z.enum(STANCES, { message: "participation.errors.stanceRequired" }).default("NEUTRAL"),
  parentId: optionalId,
  submissionKey,
});

export const editCommentSchema = z.object({
  intent: z.literal("edit-comment"),
  commentId: z.string().min(1).max(64),
  body: z
    .string({ message: "participation.errors.commentRequired" })
    .trim()
    .min(1, "participation.errors.commentRequired")
    .max(COMMENT_BODY_MAX, "participation.errors.commentTooLong"),
});

const reason = z
  .string({ message: "participation.errors.reasonRequired" })
  .trim()
  .min(10, "participation.errors.reasonTooShort")
  .max(REASON_MAX, "participation.errors.reasonTooLong");

export const respondSchema = z
  .object({
    intent: z.literal("respond"),
    status: z.enum(RESPONSE_STATUSES, { message: "participation.errors.statusRequired" }),
    reason: z.string().trim().max(REASON_MAX, "participation.errors.reasonTooLong").optional(),
    commitmentId: optionalId,
  })
  .superRefine((value, ctx) => {
    const reasoned = (REASONED_STATUSES as readonly string[]).includes(value.status);
    if (reasoned && (!value.reason || value.reason.length < 10)) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "participation.errors.reasonRequired" });
    }
    if ((value.status === "ACCEPTED" || value.status === "PARTLY_ACCEPTED") && !value.commitmentId) {
      ctx.addIssue({ code: "custom", path: ["commitmentId"], message: "participation.errors.commitmentRequired" });
    }
  });

export const respondCommentSchema = z.object({
  intent: z.literal("respond-comment"),
  commentId: z.string().min(1).max(64),
  status: z.enum(COMMENT_RESPONSE_STATUSES, { message: "participation.errors.statusRequired" }),
  reason,
});

export const hideSchema = z.object({
  intent: z.literal("hide-comment"),
  commentId: z.string().min(1).max(64),
  reason,
});

export const reportSchema = z.object({
  intent: z.literal("report-comment"),
  commentId: z.string().min(1).max(64),
  reason: z
    .string({ message: "participation.errors.reportReasonRequired" })
    .trim()
    .min(3, "participation.errors.reportReasonRequired")
    .max(500, "participation.errors.reasonTooLong"),
});
