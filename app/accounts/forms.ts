import { z } from "zod";

// Form schemas shared by the browser (conform) and the server. Messages are i18n keys.

export const email = z
  .string({ message: "errors.emailRequired" })
  .trim()
  .toLowerCase()
  .max(254, "errors.emailInvalid")
  .email("errors.emailInvalid");

/** The password rule of every new password: registration, password change and reset, admin:create. */
export const newPassword = z
  .string({ message: "errors.passwordRequired" })
  .min(10, "errors.passwordTooShort")
  .max(200, "errors.passwordTooLong");

export const loginSchema = z.object({
  email,
  password: z
    .string({ message: "errors.passwordRequired" })
    .min(1, "errors.passwordRequired")
    .max(200, "errors.passwordTooLong"),
  redirectTo: z.string().optional(),
});

export const personName = z
  .string({ message: "errors.nameRequired" })
  .trim()
  .min(2, "errors.nameTooShort")
  .max(120, "errors.nameTooLong");

export const registerSchema = z
  .object({
    name: personName,
    email,
    password: newPassword,
    passwordConfirm: z.string({ message: "errors.passwordRequired" }),
    consent: z.literal("on", { message: "errors.consentRequired" }),
  })
  .refine((data) => data.password === data.passwordConfirm, {
    message: "errors.passwordsDiffer",
    path: ["passwordConfirm"],
  });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ message: "errors.passwordRequired" }).min(1, "errors.passwordRequired").max(200),
    newPassword,
    newPasswordConfirm: z.string({ message: "errors.passwordRequired" }),
  })
  .refine((data) => data.newPassword === data.newPasswordConfirm, {
    message: "errors.passwordsDiffer",
    path: ["newPasswordConfirm"],
  });

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z
  .object({
    password: newPassword,
    passwordConfirm: z.string({ message: "errors.passwordRequired" }),
  })
  .refine((data) => data.password === data.passwordConfirm, {
    message: "errors.passwordsDiffer",
    path: ["passwordConfirm"],
  });

/** A same-site path to go to after logging in; anything else falls back to the home page. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) {
    return fallback;
  }
  return to;
}

/** Accepting an invitation as a newcomer (docs/decisions/025): the address comes from the invitation. */
export const acceptInvitationSchema = z
  .object({
    name: personName,
    password: newPassword,
    passwordConfirm: z.string({ message: "errors.passwordRequired" }),
    consent: z.literal("on", { message: "errors.consentRequired" }),
  })
  .refine((data) => data.password === data.passwordConfirm, {
    message: "errors.passwordsDiffer",
    path: ["passwordConfirm"],
  });
