import type esMail from "./es-mail.ts";

// English strings of mail (keys mirror es-mail.ts).
const enMail: typeof esMail = {
  greeting: "Hello {{name}},",
  footer:
    "This message was sent by Minka, the platform for co-creating open-government action plans. It is automatic: please do not reply to this address.",
  verifyEmail: {
    subject: "Confirm your email address on Minka",
    intro: "Thank you for creating your Minka account. Confirm that this address is yours with the button:",
    action: "Confirm my email address",
    expiry: "The link works once, for 48 hours. You can ask for another one from “My account”.",
    notYou: "If you did not create a Minka account, ignore this message.",
  },
  passwordReset: {
    subject: "Choose a new Minka password",
    intro: "We received a request to choose a new password for your Minka account.",
    action: "Choose a new password",
    expiry: "The link works once, for one hour. When you change it, we will end all your sessions.",
    notYou: "If you did not ask for this, ignore this message: your password does not change.",
  },
  forgot: {
    title: "Recover your password",
    intro: "Write your account's email address. We will send you a link to choose a new password.",
    submit: "Send the link",
    sent: "If there is an account with that address, we sent it a link to choose a new password. Check your inbox (and your spam folder). The link works for one hour.",
    loginLink: "Back to log in",
    link: "Forgot your password?",
  },
  reset: {
    title: "Choose a new password",
    intro: "Write your new password. When you save it, we will end all your open sessions.",
    submit: "Save the new password",
    done: "Your password was changed and all your sessions were ended. Log in with the new password.",
    unknownTitle: "This link is not valid",
    unknown: "The link does not match any request. Copy the whole link from the message, or ask for a new one.",
    usedTitle: "This link was already used",
    used: "Each link works only once. If you need to change your password again, ask for a new link.",
    expiredTitle: "This link has expired",
    expired: "The link worked for one hour. Ask for a new one.",
    again: "Ask for a new link",
  },
  verify: {
    title: "Confirm your email address",
    intro: "Confirm that this address is yours to finish setting up your account.",
    submit: "Confirm my email address",
    done: "Done! Your email address is confirmed.",
    unknownTitle: "This link is not valid",
    unknown:
      "The link does not match any request. Copy the whole link from the message, or ask for a new one from “My account”.",
    usedTitle: "This link was already used",
    used: "Each link works only once. If your address is not shown as confirmed yet, ask for a new one from “My account”.",
    expiredTitle: "This link has expired",
    expired: "The link worked for 48 hours. Ask for a new one from “My account”.",
    account: "Go to my account",
  },
  account: {
    title: "Email address",
    verified: "You confirmed your email address on {{date}}.",
    unverified:
      "You have not confirmed your email address yet. We sent you a link when you created your account; you can take part without confirming it, but confirming it makes sure you receive your account's messages.",
    resend: "Send another link",
    resent: "We sent a new link to {{email}}.",
    alreadyVerified: "Your email address is already confirmed.",
  },
  outbox: {
    title: "Outgoing mail",
    intro:
      "Every message goes through this outbox before it leaves: its template, data and recipient are kept, never the link it carries nor the text sent.",
    statusSmtp: "Mail goes out through the configured SMTP server (SMTP_URL).",
    statusOutbox:
      "No SMTP server is configured (SMTP_URL): in demo or development mode messages stay here, and you can read them to follow the whole flow.",
    statusNotConfigured:
      "Mail is not configured: SMTP_URL is missing. Messages wait here and will go out once it is configured.",
    counts: "Pending: {{PENDING}} · Sent: {{SENT}} · Failed: {{FAILED}} · Cancelled: {{CANCELLED}}",
    none: "No messages yet.",
    caption: "The latest 100 messages, newest first",
    created: "Created",
    template: "Message",
    recipient: "To",
    state: "Status",
    attempts: "Attempts",
    actions: "Actions",
    read: "Read",
    retry: "Retry",
    nextAttempt: "next attempt: {{date}}",
    sentAt: "sent: {{date}}",
    statuses: {
      PENDING: "pending",
      SENT: "sent",
      FAILED: "failed",
      CANCELLED: "cancelled",
    },
    templates: {
      "verify-email": "Email confirmation",
      "password-reset": "New password",
    },
    readTitle: "Message to {{recipient}}",
    subject: "Subject",
    links: "Links in the message",
    textBody: "Text",
    htmlBody: "HTML version",
    notFound: "That message is no longer pending.",
    nothingToSend: "That message had nothing to send any more and was cancelled.",
    notReadable: "With SMTP configured, or in production, messages are not read here.",
    retried: "The message is back in the queue.",
  },
};

export default enMail;
