import { z } from "zod";
import { TEAM_ROLES } from "./team-roles.ts";

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

/** Adding a person to a commitment's drafting team, by the email of their account. */
export const teamAddSchema = z.object({
  intent: z.literal("team-add"),
  email: z
    .string({ message: "drafting.team.errors.emailRequired" })
    .trim()
    .min(1, "drafting.team.errors.emailRequired")
    .max(254, "drafting.team.errors.emailInvalid")
    .email("drafting.team.errors.emailInvalid"),
  /** The person's place on the team; a member unless chosen. */
  role: z.enum(TEAM_ROLES, { message: "drafting.team.errors.roleInvalid" }).default("MEMBER"),
});

/** Changing the place of someone on the team. */
export const teamRoleSchema = z.object({
  intent: z.literal("team-role"),
  userId: z.string({ message: "drafting.team.errors.notMember" }).min(1).max(64, "drafting.team.errors.notMember"),
  role: z.enum(TEAM_ROLES, { message: "drafting.team.errors.roleInvalid" }),
});
