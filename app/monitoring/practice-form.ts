import { z } from "zod";

/** The good-practice form; messages are locale keys. */
export const practiceSchema = z.object({
  title: z
    .string({ error: "monitoring.practices.errors.required" })
    .trim()
    .min(5, "monitoring.practices.errors.short")
    .max(200, "monitoring.practices.errors.long"),
  entity: z
    .string({ error: "monitoring.practices.errors.required" })
    .trim()
    .min(2, "monitoring.practices.errors.short")
    .max(200, "monitoring.practices.errors.long"),
  territoryId: z.string({ error: "monitoring.practices.errors.required" }).max(20),
  theme: z
    .string({ error: "monitoring.practices.errors.required" })
    .trim()
    .min(2, "monitoring.practices.errors.short")
    .max(100, "monitoring.practices.errors.long"),
  whatWasDone: z
    .string({ error: "monitoring.practices.errors.required" })
    .trim()
    .min(20, "monitoring.practices.errors.short")
    .max(5000, "monitoring.practices.errors.long"),
  results: z
    .string({ error: "monitoring.practices.errors.required" })
    .trim()
    .min(20, "monitoring.practices.errors.short")
    .max(5000, "monitoring.practices.errors.long"),
  evidenceUrl: z
    .url({ protocol: /^https?$/, error: "monitoring.practices.errors.url" })
    .max(500, "monitoring.practices.errors.long")
    .optional(),
  commitmentIds: z.array(z.string().max(100)).max(10).default([]),
  /** Evidence files: checked on the server by size and sniffed type (see evidence.server.ts). */
  evidence: z.unknown().optional(),
});
