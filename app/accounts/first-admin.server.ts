import { z } from "zod";
import { translator } from "~/i18n.ts";
import { prisma, type PrismaClient } from "~/utils/db.server.ts";
import { hashPassword } from "~/utils/password.server.ts";
import { email, newPassword, personName } from "./forms.ts";
import { isUniqueViolation } from "./users.server.ts";

// The first administrator of an installation (`npm run admin:create`, scripts/admin-create.ts):
// with no SQL and no seed, a production database gets the person who then runs the secretariat's
// workspace. It checks the same rules as the registration form (email, name, password).
//
// It refuses while the database has an administrator: more administrators are appointed from the
// workspace, by an administrator, in the public record. With people but no administrator (the
// only one erased their account, say), it is the only way back, so it proceeds.

const adminSchema = z.object({ email, name: personName, password: newPassword });

export type CreateAdministratorResult =
  | { ok: true; id: string; email: string }
  | { ok: false; reason: "invalid"; problems: string[] }
  | { ok: false; reason: "email-taken" }
  | { ok: false; reason: "admin-exists"; count: number };

/** Creates an administrator when there is none; problems are in English (the command's language). */
export async function createFirstAdministrator(
  input: { email: string; name: string; password: string },
  db: PrismaClient = prisma(),
): Promise<CreateAdministratorResult> {
  const parsed = adminSchema.safeParse(input);
  if (!parsed.success) {
    const t = translator("en");
    return {
      ok: false,
      reason: "invalid",
      problems: parsed.error.issues.map((issue) => `${String(issue.path[0] ?? "input")}: ${t(issue.message)}`),
    };
  }
  const passwordHash = await hashPassword(parsed.data.password);
  try {
    return await db.$transaction(async (tx) => {
      const admins = await tx.user.count({ where: { role: "ADMIN", erasedAt: null } });
      if (admins > 0) return { ok: false as const, reason: "admin-exists" as const, count: admins };
      const taken = await tx.user.findUnique({ where: { email: parsed.data.email }, select: { id: true } });
      if (taken) return { ok: false as const, reason: "email-taken" as const };
      const user = await tx.user.create({
        data: { email: parsed.data.email, name: parsed.data.name, passwordHash, role: "ADMIN" },
        select: { id: true, email: true },
      });
      return { ok: true as const, ...user };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: "email-taken" };
    throw error;
  }
}
