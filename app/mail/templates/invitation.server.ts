import { z } from "zod";
import { defineTemplate } from "../template.server.ts";
import { renderMail } from "./layout.ts";

// The invitation (docs/decisions/025): who invites, to what (a role, an organisation, a place on
// a commitment's drafting team), and the single-use link to /invitacion/<token>, made now.

export const invitationTemplate = defineTemplate({
  params: z.object({ invitationId: z.string().min(1).max(100) }),
  async render({ invitationId }, context) {
    const invitation = await context.db.invitation.findUnique({
      where: { id: invitationId },
      select: {
        name: true,
        role: true,
        teamRole: true,
        acceptedAt: true,
        revokedAt: true,
        expiresAt: true,
        organization: { select: { name: true } },
        commitment: { select: { title: true, number: true } },
        invitedBy: { select: { name: true } },
      },
    });
    // Accepted, revoked or expired meanwhile: nothing to send.
    if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date()) return null;
    const { t, locale } = context;
    const url = context.url(`/invitacion/${await context.token("invitation", invitationId)}`);
    const paragraphs = [
      t("mail.invitation.intro", {
        inviter: invitation.invitedBy.name,
        role: t(`administration.invitations.roles.${invitation.role}`),
      }),
    ];
    if (invitation.organization)
      paragraphs.push(t("mail.invitation.organization", { organization: invitation.organization.name }));
    if (invitation.commitment) {
      paragraphs.push(
        t("mail.invitation.team", {
          commitment: invitation.commitment.title ?? `#${invitation.commitment.number}`,
          teamRole: t(`drafting.team.roles.${invitation.teamRole ?? "MEMBER"}`),
        }),
      );
    }
    const content = renderMail({
      locale,
      subject: t("mail.invitation.subject", { inviter: invitation.invitedBy.name }),
      greeting: t("mail.greeting", { name: invitation.name }),
      paragraphs,
      action: { label: t("mail.invitation.action"), url },
      after: [
        t("mail.invitation.expiry", {
          date: new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "es-PE", {
            dateStyle: "long",
            timeZone: "America/Lima",
          }).format(invitation.expiresAt),
        }),
        t("mail.invitation.notYou"),
      ],
      footer: t("mail.footer"),
    });
    return { ...content, links: [url] };
  },
});
