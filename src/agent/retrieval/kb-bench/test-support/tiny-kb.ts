import type { ArticleKnowledge } from "../../../ports.js";

/** Four help-centre articles with example questions, for the knowledge bench's tests. */
export const TINY_ARTICLES: readonly ArticleKnowledge[] = [
  {
    id: "art_reset-password",
    slug: "reset-password",
    title: "Reset your password",
    body: "# Reset your password\n\n## Forgot your password\n\nClick **Forgot password** on the sign-in page and follow the link in the email to choose a new password.\n\n## Password rules\n\nA password needs at least twelve characters.",
    questions: [
      "how do I reset my password",
      "forgot my password",
      "the password reset email never arrived",
      "I need a new password to sign in",
      "what are the password rules",
    ],
  },
  {
    id: "art_export-data",
    slug: "export-data",
    title: "Export your data",
    body: "# Export your data\n\nOpen **Settings → Export** and choose CSV or JSON. The export covers projects, tasks and comments.\n\n## Large exports\n\nExports over 1 GB are emailed as a download link.",
    questions: [
      "how can I export my data",
      "download all my projects as csv",
      "export tasks to json",
      "my export is too large",
    ],
  },
  {
    id: "art_invoices",
    slug: "invoices",
    title: "Download invoices",
    body: "# Download invoices\n\nEvery invoice is under **Billing → Invoices**. Click an invoice to download it as a PDF.\n\n## Change the billing address\n\nEdit the address under **Billing → Details**; new invoices use it.",
    questions: ["where are my invoices", "download an invoice pdf", "change the address on my invoice"],
  },
  {
    id: "art_delete-account",
    slug: "delete-account",
    title: "Delete your account",
    body: "# Delete your account\n\nAn owner can delete the workspace under **Settings → Danger zone**. Deleted accounts are removed after thirty days.",
    questions: ["how do I delete my account", "close my workspace permanently", "remove my account"],
  },
];

/** Questions the tiny knowledge base does not answer. */
export const TINY_OUT_OF_SCOPE: readonly string[] = [
  "what's the weather in paris",
  "play some jazz music",
  "how tall is mount everest",
  "tell me a joke",
  "book a table for two at eight",
  "what time is it in tokyo",
  "convert ten miles to kilometres",
  "who won the football match last night",
];
