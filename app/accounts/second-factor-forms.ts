import { z } from "zod";
import { email } from "./forms.ts";

// Form schemas of the second factor (docs/decisions/023), shared by the browser and the server.
// Messages are i18n keys.

/** A 6-digit TOTP code as typed (spaces allowed: some apps show "123 456"). */
const totpCode = z
  .string({ message: "secondFactor.errors.codeRequired" })
  .max(20, "secondFactor.errors.codeShape")
  .transform((value) => value.replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "secondFactor.errors.codeShape"));

/** A code from the person's app: logging in, confirming an enrolment, changing the factor. */
export const totpCodeSchema = z.object({ code: totpCode });

/** A recovery code instead of the app's code. */
export const recoveryCodeSchema = z.object({
  recoveryCode: z
    .string({ message: "secondFactor.errors.recoveryRequired" })
    .trim()
    .min(1, "secondFactor.errors.recoveryRequired")
    .max(64, "secondFactor.errors.wrongRecovery"),
});

/** Anything shaped like an email address: a published reason must not carry one. */
const EMAIL_LIKE = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/** An administrator resets another person's lost factor, with a reason for the public record. */
export const resetSecondFactorSchema = z.object({
  email,
  reason: z
    .string({ message: "secondFactor.reset.reasonRequired" })
    .trim()
    .min(10, "secondFactor.reset.reasonTooShort")
    .max(500, "secondFactor.reset.reasonTooLong")
    .refine((value) => !EMAIL_LIKE.test(value), "secondFactor.reset.reasonHasEmail"),
});
