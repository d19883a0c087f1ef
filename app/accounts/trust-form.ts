import { z } from "zod";

// Form schemas of personal-data rights (browser and server). Messages are i18n keys.

const password = z
  .string({ message: "errors.passwordRequired" })
  .min(1, "errors.passwordRequired")
  .max(200, "errors.passwordTooLong");

/** Re-entering the password for a fresh login. */
export const reauthSchema = z.object({ password });

/** Deleting the account: the password and an explicit confirmation. */
export const deleteAccountSchema = z.object({
  password,
  confirm: z.literal("on", { message: "trust.deletion.confirmRequired" }),
});
