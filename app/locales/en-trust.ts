import type esTrust from "./es-trust.ts";

// English strings of personal-data rights, account deletion, community rules and error pages
// (merged into en.ts under "trust").
const enTrust: typeof esTrust = {
  myData: {
    title: "My data",
    intro:
      "Download everything Minka holds about you: your profile, organisations, consents, sessions (without their keys), what you wrote in drafts, the versions you saved, your activity and your acts in the public record. It is your right of access (Peru's Law 29733).",
    link: "Download my data",
    confirmTitle: "Confirm it is you",
    confirmIntro: "To protect your data, type your password again. We ask when you logged in more than 10 minutes ago.",
    confirmSubmit: "Confirm",
    prepareIntro: "We will prepare a download link that works for 15 minutes, for you only.",
    prepareSubmit: "Prepare the download",
    ready: "Your download is ready. The links expire at {{time}}.",
    downloadJson: "Download as JSON",
    downloadCsv: "Download as CSV (spreadsheet)",
    expired: "That download link has expired. Prepare a new one.",
    refused: "That download link is not yours or does not exist.",
    backToAccount: "Back to my account",
  },
  deletion: {
    title: "Delete my account",
    intro:
      "If you delete your account, we erase your name, email, password and territory, remove you from your organisations and end all your sessions. What you published stays, signed as “deleted participant”, and the public record keeps verifying. This cannot be undone.",
    confirm: "I understand my account will be deleted for good.",
    confirmRequired: "Tick the box to confirm.",
    submit: "Delete my account",
    done: "Your account was deleted. Thank you for taking part.",
  },
  reauth: {
    password: "Your current password",
    wrongPassword: "The password is not correct.",
  },
  rules: {
    title: "Community rules",
    intro:
      "Minka is a place to co-create public policy among people who think differently. These rules keep the conversation useful and safe for everyone.",
    items: {
      respect: {
        title: "Respect people",
        body: "Debate ideas, do not attack people. Insults, harassment, threats and hate or discriminatory speech are not allowed.",
      },
      relevance: {
        title: "Stay on topic",
        body: "Contributions must be about the plan, commitment or session where you post them. Advertising and spam are removed.",
      },
      privacy: {
        title: "Protect personal data",
        body: "Do not publish other people's personal data (ID documents, phone numbers, addresses, emails) or confidential information.",
      },
      truth: {
        title: "Be truthful",
        body: "Cite your sources when you state facts. Do not impersonate other people or institutions.",
      },
      legality: {
        title: "Respect the law",
        body: "Do not publish illegal content or content that infringes copyright.",
      },
    },
    moderationTitle: "How we moderate",
    moderationBody:
      "Anyone can report a contribution. The moderation team may hide content that breaks these rules, always with a reason; the decision and its reason go into the public record, and the content can be restored.",
    privacyLink: "Read the privacy notice too",
  },
  privacy: {
    rightsHereTitle: "Exercise your rights in Minka",
    rightsHereBody:
      "With your account you can download all your data (JSON and CSV) from “My data”, see the history of your consents and delete your account from “My account”.",
    myDataLink: "My data",
    accountLink: "My account",
    rulesLink: "Community rules",
  },
  unavailable: {
    title: "Service busy for a moment",
    detail:
      "We could not save your change because the database is busy. Nothing was saved halfway. Try again in a few seconds.",
    retry: "Try again",
  },
  storageFull: {
    title: "No space to save",
    detail:
      "We could not save your change because the server ran out of storage space. Nothing was saved halfway. Try again in a few minutes.",
    retry: "Try again",
  },
};

export default enTrust;
