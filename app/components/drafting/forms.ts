import { z } from "zod";

// Form schemas of the history pages, shared by the browser (conform) and the server. Messages are
// i18n keys. (Not in a .server module: the browser bundle needs them too.)

export const VERSION_NAME_MAX = 120;

export const versionSchema = z.object({
  intent: z.literal("create-version"),
  name: z
    .string({ message: "drafting.errors.nameRequired" })
    .trim()
    .min(1, "drafting.errors.nameRequired")
    .max(VERSION_NAME_MAX, "drafting.errors.nameTooLong"),
});

/** The value that names the current state of the draft in a comparison (`?a=actual`). */
export const CURRENT_REF = "actual";
