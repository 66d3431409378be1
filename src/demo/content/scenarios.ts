/**
 * Simulated customer conversations for `vouch demo`: four weeks of traffic against the Fernwork help centre
 * in ./articles. Every customer utterance is new wording (never one of an article's `questions:`), so the
 * agent is measured on paraphrases. Wording is chosen with the agent's signal rules in mind: escalation
 * scenarios contain an explicit request, a sensitive topic or strong anger; answered scenarios contain none.
 */

export type ScenarioKind =
  | "answered-confirmed" // customer asks, AI answers, customer confirms it helped
  | "answered-silent" // customer asks, AI answers, customer goes quiet (assumed resolution after inactivity)
  | "answered-reopened" // resolved, then the customer comes back within the durability window: "still broken"
  | "asks-for-human" // customer explicitly asks for a person
  | "sensitive-billing" // billing dispute / chargeback / refund dispute
  | "sensitive-legal" // legal threat, GDPR complaint to regulator, lawyer
  | "negative-sentiment" // angry, strongly negative wording
  | "repeated-failure" // AI answer does not help twice ("that's not what I asked", "still doesn't work")
  | "out-of-scope" // a question the KB does not cover (should escalate on low confidence)
  | "greeting-only" // "hi", "hello?" and leaves — not an eligible conversation
  | "multi-question"; // two different questions in sequence, both answerable

export interface ScenarioTurn {
  readonly customer: string;
  /** Slug of the article that answers this turn, when it is answerable. */
  readonly expectArticle?: string;
}

export interface Scenario {
  /** Stable, e.g. "s001". */
  readonly id: string;
  readonly kind: ScenarioKind;
  readonly turns: readonly ScenarioTurn[];
  /** Rating the customer leaves at the end, if any. */
  readonly csat?: 1 | 2 | 3 | 4 | 5;
  /** For escalated kinds: what the human agent replies. */
  readonly humanReply?: string;
  /** Slug of the article the human's answer corresponds to, when it does. */
  readonly humanArticle?: string;
  /** The operator approves the human resolution as a training example. */
  readonly approveAsLearning?: boolean;
  /** 0..27: which day of the four-week period the conversation starts. */
  readonly dayOffset: number;
}

/** Greeting-only openers: not a question, so they do not make a conversation eligible. */
export const greetings: readonly string[] = [
  "hi",
  "hello?",
  "hey there",
  "hello, anyone there?",
  "hi is anyone here",
  "good morning",
  "hey guys",
  "hola",
  "hiya!",
  "good afternoon all",
];

/** Ways to say "that fixed it, thanks" after an answer. */
export const confirmations: readonly string[] = [
  "that fixed it, thanks!",
  "perfect, thank you",
  "works now 👍",
  "got it, cheers",
  "brilliant, that's what i needed",
  "ok that worked, thx",
  "great, thanks for the quick answer",
  "sorted, thank you so much",
  "yes! that solved it",
  "all good now, ty",
  "Danke, hat funktioniert",
  "thank u, problem solved",
];

/** Ways to say "it's broken again / that didn't actually work", a day or more after an answer. */
export const reopenings: readonly string[] = [
  "still not working, the same thing happened again this morning",
  "hm, that didn't work after all",
  "it's broken again, still getting the error",
  "doesn't work anymore, same problem as yesterday",
  "I thought it was fixed but I'm still having the issue",
  "nope, still broken",
  "same issue is back today",
  "that did not help, it failed again overnight",
];

export const scenarios: readonly Scenario[] = [
  // answered-confirmed
  {
    id: "s001",
    kind: "answered-confirmed",
    dayOffset: 24,
    turns: [
      {
        customer:
          "hey, i cant remember my password for fernwork and the login page wont let me in. how do i get a new one",
        expectArticle: "reset-password",
      },
    ],
    csat: 5,
  },
  {
    id: "s002",
    kind: "answered-confirmed",
    dayOffset: 11,
    turns: [
      {
        customer: "Where do I switch on 2-step login with Google Authenticator for my own account?",
        expectArticle: "two-factor-authentication",
      },
    ],
    csat: 5,
  },
  {
    id: "s003",
    kind: "answered-confirmed",
    dayOffset: 13,
    turns: [
      {
        customer:
          "my phone got stolen and now fernwork asks for the 6 digit code. I do have the backup codes printed somewhere, how do I use them",
        expectArticle: "lost-2fa-device",
      },
    ],
    csat: 4,
  },
  {
    id: "s004",
    kind: "answered-confirmed",
    dayOffset: 17,
    turns: [
      {
        customer:
          "It says my account is locked for 30 min after I mistyped the password a bunch of times. Any way to get in sooner?",
        expectArticle: "locked-account",
      },
    ],
    csat: 5,
  },
  {
    id: "s005",
    kind: "answered-confirmed",
    dayOffset: 15,
    turns: [
      {
        customer:
          "We're on Business and want our staff to sign in through Okta. Where do I find the entity ID and reply URL for the SAML app?",
        expectArticle: "saml-sso-setup",
      },
    ],
  },
  {
    id: "s006",
    kind: "answered-confirmed",
    dayOffset: 5,
    turns: [
      {
        customer:
          "how do we get okta to auto-deprovision people from fernwork when they leave? need the scim endpoint",
        expectArticle: "scim-provisioning",
      },
    ],
    csat: 5,
  },
  {
    id: "s007",
    kind: "answered-confirmed",
    dayOffset: 4,
    turns: [
      { customer: "how can I add 20 colleagues to our workspace at once", expectArticle: "invite-members" },
    ],
    csat: 5,
  },
  {
    id: "s008",
    kind: "answered-confirmed",
    dayOffset: 26,
    turns: [
      {
        customer: "my manager sent me an invitation last week and now the link says its expired, what now",
        expectArticle: "join-workspace",
      },
    ],
  },
  {
    id: "s009",
    kind: "answered-confirmed",
    dayOffset: 10,
    turns: [
      {
        customer:
          "What's the difference between admin and member roles? I want my co-founder to manage settings",
        expectArticle: "roles-and-permissions",
      },
    ],
    csat: 4,
  },
  {
    id: "s010",
    kind: "answered-confirmed",
    dayOffset: 22,
    turns: [
      {
        customer: "how do I make one project private so only HR can see it",
        expectArticle: "project-permissions",
      },
    ],
  },
  {
    id: "s011",
    kind: "answered-confirmed",
    dayOffset: 13,
    turns: [
      {
        customer:
          "we want to give our client access to one project without buying them a license, is that possible?",
        expectArticle: "guest-access",
      },
    ],
    csat: 5,
  },
  {
    id: "s012",
    kind: "answered-confirmed",
    dayOffset: 13,
    turns: [
      {
        customer:
          "An employee quit yesterday. What's the right way to deactivate her but keep all her tasks?",
        expectArticle: "deactivate-member",
      },
    ],
    csat: 5,
  },
  {
    id: "s013",
    kind: "answered-confirmed",
    dayOffset: 9,
    turns: [
      {
        customer:
          "I'm leaving the company next month and I'm the workspace owner. How do I hand over ownership to my colleague?",
        expectArticle: "transfer-ownership",
      },
    ],
  },
  {
    id: "s014",
    kind: "answered-confirmed",
    dayOffset: 10,
    turns: [
      {
        customer: "need to change our workspace web address from acme-old to acme, will old links break?",
        expectArticle: "workspace-settings",
      },
    ],
    csat: 4,
  },
  {
    id: "s015",
    kind: "answered-confirmed",
    dayOffset: 2,
    turns: [
      {
        customer:
          "can admins make everyone's session expire after a day? our security team wants shorter sessions",
        expectArticle: "security-settings",
      },
    ],
  },
  {
    id: "s016",
    kind: "answered-confirmed",
    dayOffset: 24,
    turns: [
      {
        customer: "how much is the Team plan per user if we pay yearly?",
        expectArticle: "plans-and-pricing",
      },
    ],
    csat: 5,
  },
  {
    id: "s017",
    kind: "answered-confirmed",
    dayOffset: 4,
    turns: [
      {
        customer: "what happens to our stuff when the 14 day trial is over and we havent picked a plan yet",
        expectArticle: "free-trial",
      },
    ],
    csat: 5,
  },
  {
    id: "s018",
    kind: "answered-confirmed",
    dayOffset: 6,
    turns: [
      {
        customer: "We're on Starter and just hit the 15 member limit. How do I move us up to Team?",
        expectArticle: "upgrade-plan",
      },
    ],
    csat: 5,
  },
  {
    id: "s019",
    kind: "answered-confirmed",
    dayOffset: 16,
    turns: [
      {
        customer: "thinking of going from Business down to Team to save money. what would we lose exactly?",
        expectArticle: "downgrade-plan",
      },
    ],
  },
  {
    id: "s020",
    kind: "answered-confirmed",
    dayOffset: 7,
    turns: [
      {
        customer:
          "We've decided to stop using fernwork at the end of this month. How do I turn off the renewal?",
        expectArticle: "cancel-subscription",
      },
    ],
    csat: 4,
  },
  {
    id: "s021",
    kind: "answered-confirmed",
    dayOffset: 0,
    turns: [
      {
        customer: "Our finance team needs the PDF invoices for January to March, where do I download them",
        expectArticle: "invoices-and-receipts",
      },
    ],
    csat: 5,
  },
  {
    id: "s022",
    kind: "answered-confirmed",
    dayOffset: 25,
    turns: [
      {
        customer: "company card expires next month, how do i put the new card in",
        expectArticle: "payment-methods",
      },
    ],
  },
  {
    id: "s023",
    kind: "answered-confirmed",
    dayOffset: 22,
    turns: [
      {
        customer: "Got an email saying our payment failed. The card should be fine. What should I do?",
        expectArticle: "failed-payments",
      },
    ],
    csat: 4,
  },
  {
    id: "s024",
    kind: "answered-confirmed",
    dayOffset: 15,
    turns: [
      {
        customer: "we're a german company, where do we enter our VAT ID so the invoices show reverse charge",
        expectArticle: "vat-and-tax",
      },
    ],
  },
  {
    id: "s025",
    kind: "answered-confirmed",
    dayOffset: 23,
    turns: [
      {
        customer: "why is this month's invoice higher than usual? we only added a couple of people",
        expectArticle: "seat-billing",
      },
    ],
    csat: 4,
  },
  {
    id: "s026",
    kind: "answered-confirmed",
    dayOffset: 5,
    turns: [{ customer: "how do I put projects into folders per department", expectArticle: "projects" }],
  },
  {
    id: "s027",
    kind: "answered-confirmed",
    dayOffset: 16,
    turns: [{ customer: "can two people be assigned to the same task?", expectArticle: "tasks" }],
    csat: 3,
  },
  {
    id: "s028",
    kind: "answered-confirmed",
    dayOffset: 8,
    turns: [
      {
        customer: "is there a way to break a task into smaller steps that each have their own owner",
        expectArticle: "subtasks-and-checklists",
      },
    ],
    csat: 5,
  },
  {
    id: "s029",
    kind: "answered-confirmed",
    dayOffset: 18,
    turns: [
      { customer: "how do I add a new column called QA to my kanban board", expectArticle: "board-view" },
    ],
  },
  {
    id: "s030",
    kind: "answered-confirmed",
    dayOffset: 17,
    turns: [
      {
        customer: "I don't see the gantt chart option in my project, where is it?",
        expectArticle: "timeline-view",
      },
    ],
    csat: 4,
  },
  {
    id: "s031",
    kind: "answered-confirmed",
    dayOffset: 3,
    turns: [
      {
        customer: "how to set that task B can only start once task A is done",
        expectArticle: "task-dependencies",
      },
    ],
    csat: 5,
  },
  {
    id: "s032",
    kind: "answered-confirmed",
    dayOffset: 7,
    turns: [
      {
        customer: "I need a task that comes back every Monday for the weekly report",
        expectArticle: "recurring-tasks",
      },
    ],
  },
  {
    id: "s033",
    kind: "answered-confirmed",
    dayOffset: 25,
    turns: [
      {
        customer: "want to add a dropdown field 'Client' to every task in a project",
        expectArticle: "custom-fields",
      },
    ],
    csat: 5,
  },
  {
    id: "s034",
    kind: "answered-confirmed",
    dayOffset: 1,
    turns: [
      {
        customer: "can fernwork automatically assign a reviewer when a card goes to Review?",
        expectArticle: "automations",
      },
    ],
  },
  {
    id: "s035",
    kind: "answered-confirmed",
    dayOffset: 10,
    turns: [
      {
        customer: "we need a request form that people outside the company can fill in and it creates tasks",
        expectArticle: "forms",
      },
    ],
    csat: 5,
  },
  {
    id: "s036",
    kind: "answered-confirmed",
    dayOffset: 19,
    turns: [
      { customer: "how do I start a timer on a task to track my hours", expectArticle: "time-tracking" },
    ],
  },
  {
    id: "s037",
    kind: "answered-confirmed",
    dayOffset: 12,
    turns: [
      {
        customer: "is it possible to email a weekly report of a dashboard to our director automatically?",
        expectArticle: "dashboards-and-reports",
      },
    ],
    csat: 5,
  },
  {
    id: "s038",
    kind: "answered-confirmed",
    dayOffset: 9,
    turns: [
      {
        customer: "we run the same onboarding project every month, can I save it as a template",
        expectArticle: "templates",
      },
    ],
  },
  {
    id: "s039",
    kind: "answered-confirmed",
    dayOffset: 8,
    turns: [
      {
        customer: "how do you tag a teammate in a comment so they get notified",
        expectArticle: "comments-and-mentions",
      },
    ],
    csat: 5,
  },
  {
    id: "s040",
    kind: "answered-confirmed",
    dayOffset: 6,
    turns: [
      {
        customer: "whats the max size for uploading a video file to a task",
        expectArticle: "file-attachments",
      },
    ],
  },
  {
    id: "s041",
    kind: "answered-confirmed",
    dayOffset: 2,
    turns: [
      {
        customer: "how can I find all overdue tasks that are assigned to me across all projects",
        expectArticle: "search-and-filters",
      },
    ],
    csat: 5,
  },
  {
    id: "s042",
    kind: "answered-confirmed",
    dayOffset: 3,
    turns: [
      {
        customer: "I'm getting way too many emails from fernwork, can I get one summary per day instead?",
        expectArticle: "notification-settings",
      },
    ],
    csat: 5,
  },
  {
    id: "s043",
    kind: "answered-confirmed",
    dayOffset: 18,
    turns: [
      {
        customer:
          "none of our team is getting fernwork emails since monday, could it be our spam filter? which sender addresses should IT allow",
        expectArticle: "email-deliverability",
      },
    ],
  },
  {
    id: "s044",
    kind: "answered-confirmed",
    dayOffset: 26,
    turns: [
      {
        customer: "is there an android app and does it work without internet?",
        expectArticle: "mobile-apps",
      },
    ],
    csat: 4,
  },
  {
    id: "s045",
    kind: "answered-confirmed",
    dayOffset: 20,
    turns: [
      {
        customer: "how do we get task updates posted into a slack channel",
        expectArticle: "slack-integration",
      },
    ],
  },
  {
    id: "s046",
    kind: "answered-confirmed",
    dayOffset: 12,
    turns: [
      {
        customer: "Can I put a fernwork board as a tab inside a Teams channel?",
        expectArticle: "microsoft-teams-integration",
      },
    ],
    csat: 5,
  },
  {
    id: "s047",
    kind: "answered-confirmed",
    dayOffset: 17,
    turns: [
      {
        customer: "i want my fernwork due dates to show up in my google calendar",
        expectArticle: "calendar-sync",
      },
    ],
  },
  {
    id: "s048",
    kind: "answered-confirmed",
    dayOffset: 0,
    turns: [
      {
        customer: "can I link a google sheet to a task instead of uploading a copy",
        expectArticle: "cloud-storage-attachments",
      },
    ],
    csat: 5,
  },
  {
    id: "s049",
    kind: "answered-confirmed",
    dayOffset: 21,
    turns: [
      {
        customer:
          "we'd like new deals in our CRM to create fernwork tasks automatically, do you work with zapier?",
        expectArticle: "zapier-and-make",
      },
    ],
  },
  {
    id: "s050",
    kind: "answered-confirmed",
    dayOffset: 23,
    turns: [
      {
        customer: "is there an address I can forward customer emails to so they turn into tasks?",
        expectArticle: "email-to-task",
      },
    ],
    csat: 5,
  },
  {
    id: "s051",
    kind: "answered-confirmed",
    dayOffset: 6,
    turns: [
      {
        customer: "can merging a pull request on github complete the linked fernwork task?",
        expectArticle: "github-integration",
      },
    ],
  },
  {
    id: "s052",
    kind: "answered-confirmed",
    dayOffset: 27,
    turns: [{ customer: "where do I generate an API token for a python script", expectArticle: "api-keys" }],
    csat: 5,
  },
  {
    id: "s053",
    kind: "answered-confirmed",
    dayOffset: 2,
    turns: [
      {
        customer: "our integration keeps hitting HTTP 429, what's the request limit per minute on Business?",
        expectArticle: "api-rate-limits",
      },
    ],
  },
  {
    id: "s054",
    kind: "answered-confirmed",
    dayOffset: 4,
    turns: [
      {
        customer:
          "how do I check that a webhook request really came from fernwork? whats the signature format",
        expectArticle: "webhooks",
      },
    ],
    csat: 5,
  },
  {
    id: "s055",
    kind: "answered-confirmed",
    dayOffset: 26,
    turns: [
      {
        customer: "GET /v2/tasks only gives me 50 results, how do i get the rest",
        expectArticle: "api-pagination",
      },
    ],
  },
  {
    id: "s056",
    kind: "answered-confirmed",
    dayOffset: 15,
    turns: [
      {
        customer: "API returns 422 validation_failed when I create a task with dates, what does that mean",
        expectArticle: "api-errors",
      },
    ],
    csat: 4,
  },
  {
    id: "s057",
    kind: "answered-confirmed",
    dayOffset: 0,
    turns: [
      {
        customer: "we're moving from Trello, can we bring our boards over with the comments?",
        expectArticle: "import-data",
      },
    ],
  },
  {
    id: "s058",
    kind: "answered-confirmed",
    dayOffset: 19,
    turns: [
      {
        customer: "how can I download a full copy of everything in our workspace incl. attachments",
        expectArticle: "export-data",
      },
    ],
    csat: 5,
  },
  {
    id: "s059",
    kind: "answered-confirmed",
    dayOffset: 11,
    turns: [
      {
        customer: "I think I deleted a whole project by accident 10 minutes ago, can it be recovered?",
        expectArticle: "restore-deleted-items",
      },
    ],
    csat: 5,
  },
  {
    id: "s060",
    kind: "answered-confirmed",
    dayOffset: 22,
    turns: [
      {
        customer:
          "Our legal team asks whether our data is hosted in the EU. How can I check which region we are in?",
        expectArticle: "data-residency",
      },
    ],
  },
  {
    id: "s061",
    kind: "answered-confirmed",
    dayOffset: 27,
    turns: [
      {
        customer: "Do you have a SOC 2 Type 2 report we could look at for our vendor assessment?",
        expectArticle: "security-compliance",
      },
    ],
    csat: 5,
  },
  {
    id: "s062",
    kind: "answered-confirmed",
    dayOffset: 14,
    turns: [
      {
        customer: "the app keeps showing Reconnecting at the bottom and my edits don't show up for others",
        expectArticle: "sync-issues",
      },
    ],
  },
  {
    id: "s063",
    kind: "answered-confirmed",
    dayOffset: 21,
    turns: [
      {
        customer: "is there a page where I can check if fernwork is having an outage right now?",
        expectArticle: "status-and-incidents",
      },
    ],
    csat: 5,
  },
  {
    id: "s064",
    kind: "answered-confirmed",
    dayOffset: 20,
    turns: [
      {
        customer: "Hello, please I need help, how can I to attach file from OneDrive in task?",
        expectArticle: "cloud-storage-attachments",
      },
    ],
    csat: 5,
  },
  {
    id: "s065",
    kind: "answered-confirmed",
    dayOffset: 19,
    turns: [
      {
        customer: "hi, i am new admin. how i give billing access to my colleague from finance?",
        expectArticle: "roles-and-permissions",
      },
    ],
  },
  // answered-silent
  {
    id: "s066",
    kind: "answered-silent",
    dayOffset: 3,
    turns: [
      { customer: "how do i update the email address i log in with", expectArticle: "change-email-address" },
    ],
  },
  {
    id: "s067",
    kind: "answered-silent",
    dayOffset: 22,
    turns: [
      {
        customer: "I originally signed up with Google, can I also set a normal password?",
        expectArticle: "sign-in-with-google-microsoft",
      },
    ],
  },
  {
    id: "s068",
    kind: "answered-silent",
    dayOffset: 21,
    turns: [
      {
        customer: "how do I remove myself from a workspace I don't use anymore",
        expectArticle: "delete-personal-account",
      },
    ],
  },
  {
    id: "s069",
    kind: "answered-silent",
    dayOffset: 5,
    turns: [
      {
        customer: "where can we sign your DPA? procurement needs it before renewal",
        expectArticle: "gdpr-requests",
      },
    ],
    csat: 4,
  },
  {
    id: "s070",
    kind: "answered-silent",
    dayOffset: 11,
    turns: [{ customer: "how long are your backups kept for", expectArticle: "data-retention" }],
  },
  {
    id: "s071",
    kind: "answered-silent",
    dayOffset: 27,
    turns: [
      {
        customer: "we are closing the business; how does the owner permanently delete the whole workspace",
        expectArticle: "delete-workspace",
      },
    ],
  },
  {
    id: "s072",
    kind: "answered-silent",
    dayOffset: 20,
    turns: [
      { customer: "is the data encrypted at rest and with which algorithm", expectArticle: "encryption" },
    ],
  },
  {
    id: "s073",
    kind: "answered-silent",
    dayOffset: 23,
    turns: [
      {
        customer: "how can I see which admin changed our SSO settings last week",
        expectArticle: "audit-log",
      },
    ],
  },
  {
    id: "s074",
    kind: "answered-silent",
    dayOffset: 25,
    turns: [
      {
        customer: "Does fernwork run on internet explorer 11? Some of our PCs still have it",
        expectArticle: "browser-support",
      },
    ],
  },
  {
    id: "s075",
    kind: "answered-silent",
    dayOffset: 24,
    turns: [
      {
        customer: "our biggest project with ~8000 tasks takes ages to open, any tips",
        expectArticle: "performance",
      },
    ],
    csat: 3,
  },
  {
    id: "s076",
    kind: "answered-silent",
    dayOffset: 13,
    turns: [{ customer: "what does FW-423 mean? cant edit anything", expectArticle: "error-codes" }],
  },
  {
    id: "s077",
    kind: "answered-silent",
    dayOffset: 24,
    turns: [{ customer: "what hours is your support team available", expectArticle: "contact-support" }],
  },
  {
    id: "s078",
    kind: "answered-silent",
    dayOffset: 7,
    turns: [
      {
        customer: "if we pay for a year and change our minds after a week, can we get our money back?",
        expectArticle: "refund-policy",
      },
    ],
  },
  {
    id: "s079",
    kind: "answered-silent",
    dayOffset: 11,
    turns: [
      {
        customer: "password reset link says invalid, I clicked it like 2 hours later",
        expectArticle: "reset-password",
      },
    ],
  },
  {
    id: "s080",
    kind: "answered-silent",
    dayOffset: 17,
    turns: [{ customer: "does the starter plan include guests", expectArticle: "plans-and-pricing" }],
  },
  {
    id: "s081",
    kind: "answered-silent",
    dayOffset: 8,
    turns: [
      {
        customer: "just created an account, whats the best way to set things up for a team of 8",
        expectArticle: "getting-started",
      },
    ],
  },
  {
    id: "s082",
    kind: "answered-silent",
    dayOffset: 6,
    turns: [{ customer: "how to invite ppl with a link instead of email", expectArticle: "invite-members" }],
  },
  {
    id: "s083",
    kind: "answered-silent",
    dayOffset: 13,
    turns: [{ customer: "how do I move a task from one project to another", expectArticle: "tasks" }],
  },
  {
    id: "s084",
    kind: "answered-silent",
    dayOffset: 3,
    turns: [{ customer: "can I group my board by assignee instead of status", expectArticle: "board-view" }],
  },
  {
    id: "s085",
    kind: "answered-silent",
    dayOffset: 20,
    turns: [
      {
        customer: "how do i save a baseline on the timeline to compare later",
        expectArticle: "timeline-view",
      },
    ],
  },
  {
    id: "s086",
    kind: "answered-silent",
    dayOffset: 10,
    turns: [
      {
        customer: "my repeating task didnt create the next one after i finished it",
        expectArticle: "recurring-tasks",
      },
    ],
    csat: 2,
  },
  {
    id: "s087",
    kind: "answered-silent",
    dayOffset: 15,
    turns: [
      {
        customer: "our rules stopped running, there's a message about the monthly limit",
        expectArticle: "automations",
      },
    ],
  },
  {
    id: "s088",
    kind: "answered-silent",
    dayOffset: 16,
    turns: [{ customer: "Can I add a file upload field to a form?", expectArticle: "forms" }],
  },
  {
    id: "s089",
    kind: "answered-silent",
    dayOffset: 17,
    turns: [
      {
        customer: "how do I export everyone's logged hours for last month to CSV",
        expectArticle: "time-tracking",
      },
    ],
  },
  {
    id: "s090",
    kind: "answered-silent",
    dayOffset: 0,
    turns: [
      { customer: "can I calculate cost = hours x rate with a field?", expectArticle: "custom-fields" },
    ],
  },
  {
    id: "s091",
    kind: "answered-silent",
    dayOffset: 18,
    turns: [
      {
        customer: "how do I notify the whole design team in one comment",
        expectArticle: "comments-and-mentions",
      },
    ],
  },
  {
    id: "s092",
    kind: "answered-silent",
    dayOffset: 27,
    turns: [{ customer: "set quiet hours on weekends?", expectArticle: "notification-settings" }],
  },
  {
    id: "s093",
    kind: "answered-silent",
    dayOffset: 6,
    turns: [{ customer: "what's the minimum iOS version for the iphone app", expectArticle: "mobile-apps" }],
  },
  {
    id: "s094",
    kind: "answered-silent",
    dayOffset: 14,
    turns: [
      {
        customer: "outlook calendar not showing new tasks, last synced was yesterday",
        expectArticle: "calendar-sync",
      },
    ],
  },
  {
    id: "s095",
    kind: "answered-silent",
    dayOffset: 9,
    turns: [
      {
        customer: "slack notifications for our channel stopped after Jana left the company",
        expectArticle: "slack-integration",
      },
    ],
  },
  {
    id: "s096",
    kind: "answered-silent",
    dayOffset: 18,
    turns: [{ customer: "what's the base url for the API for an EU workspace", expectArticle: "api-keys" }],
    csat: 5,
  },
  {
    id: "s097",
    kind: "answered-silent",
    dayOffset: 2,
    turns: [
      {
        customer:
          "our webhook endpoint got disabled, how do we turn it back on and resend the missed events?",
        expectArticle: "webhooks",
      },
    ],
  },
  {
    id: "s098",
    kind: "answered-silent",
    dayOffset: 12,
    turns: [{ customer: "importing a CSV, how should dates be formatted", expectArticle: "import-data" }],
  },
  {
    id: "s099",
    kind: "answered-silent",
    dayOffset: 2,
    turns: [{ customer: "can I export just one project as csv", expectArticle: "export-data" }],
  },
  {
    id: "s100",
    kind: "answered-silent",
    dayOffset: 0,
    turns: [
      {
        customer: "do guests or deactivated users count toward our seat bill?",
        expectArticle: "seat-billing",
      },
    ],
  },
  {
    id: "s101",
    kind: "answered-silent",
    dayOffset: 8,
    turns: [
      {
        customer: "can I force everybody in the workspace to use 2FA?",
        expectArticle: "two-factor-authentication",
      },
    ],
  },
  {
    id: "s102",
    kind: "answered-silent",
    dayOffset: 20,
    turns: [
      {
        customer: "¿Cómo puedo exportar todos los datos del workspace, con los archivos adjuntos?",
        expectArticle: "export-data",
      },
    ],
    humanReply:
      "¡Hola! Un Owner o Admin puede exportar todo el workspace en Settings → Data → Export: elige qué incluir (también los archivos adjuntos) y pulsa Start export. Recibirás un enlace de descarga por email, válido durante 7 días.",
    humanArticle: "export-data",
  },
  {
    id: "s103",
    kind: "answered-silent",
    dayOffset: 4,
    turns: [
      {
        customer: "Comment réinitialiser mon mot de passe ? Je ne reçois pas l'e-mail",
        expectArticle: "reset-password",
      },
    ],
    csat: 4,
    humanReply:
      "Bonjour ! Votre espace de travail utilise la connexion SSO : Fernwork n'envoie donc pas d'e-mail de réinitialisation. Réinitialisez votre mot de passe auprès de votre fournisseur d'identité (votre service informatique), puis connectez-vous avec « Sign in with SSO ».",
    humanArticle: "reset-password",
  },
  {
    id: "s104",
    kind: "answered-silent",
    dayOffset: 25,
    turns: [
      {
        customer: "Wie kann ich unsere Rechnungen als PDF herunterladen?",
        expectArticle: "invoices-and-receipts",
      },
    ],
    humanReply:
      "Hallo! Der Owner oder jemand mit Billing-Zugriff findet alle Rechnungen unter Settings → Billing → Invoices und kann sie dort mit „Download PDF“ herunterladen. Unter Billing contacts können Sie außerdem Ihre Buchhaltung hinzufügen, damit sie jede Rechnung per E-Mail erhält.",
    humanArticle: "invoices-and-receipts",
  },
  // answered-reopened
  {
    id: "s105",
    kind: "answered-reopened",
    dayOffset: 23,
    turns: [
      { customer: "my tasks aren't showing in google calendar anymore", expectArticle: "calendar-sync" },
    ],
    csat: 2,
    humanReply:
      "I checked your calendar connection: Google had revoked Fernwork's access after your Google password change, so sync stopped with 'Reconnect required'. Go to My account → Calendar sync and click Reconnect; tasks reappear within about 15 minutes. I've confirmed the last sync succeeded on our side.",
    humanArticle: "calendar-sync",
  },
  {
    id: "s106",
    kind: "answered-reopened",
    dayOffset: 19,
    turns: [
      { customer: "changes I make on my phone aren't appearing on my laptop", expectArticle: "sync-issues" },
    ],
    humanReply:
      "Your Android app had 14 changes queued offline because battery optimisation was cutting its connection. Open the app on Wi-Fi and wait for the cloud icon to clear, then turn off battery optimisation for Fernwork in Android settings. The queued changes are safe until then.",
    humanArticle: "sync-issues",
  },
  {
    id: "s107",
    kind: "answered-reopened",
    dayOffset: 6,
    turns: [
      { customer: "slack channel stopped receiving fernwork updates", expectArticle: "slack-integration" },
    ],
    csat: 3,
    humanReply:
      "The Slack connection was installed by a member who has since been deactivated, so Slack rejected our messages. An Admin needs to click Reconnect under Settings → Integrations → Slack; channel connections are kept, so nothing else needs setting up again.",
    humanArticle: "slack-integration",
  },
  {
    id: "s108",
    kind: "answered-reopened",
    dayOffset: 11,
    turns: [{ customer: "not receiving any notification emails", expectArticle: "email-deliverability" }],
    humanReply:
      "Your address was on our bounce list after your mailbox was full last week, which pauses delivery. I've cleared it, so emails will flow again from now on. If it happens again you'll see a 'Resume email delivery' button in My account → Notifications.",
    humanArticle: "email-deliverability",
  },
  {
    id: "s109",
    kind: "answered-reopened",
    dayOffset: 2,
    turns: [
      {
        customer: "getting SAML response signature invalid when our users sign in with SSO",
        expectArticle: "saml-sso-setup",
      },
    ],
    csat: 2,
    humanReply:
      "Your identity provider rotated its signing certificate yesterday, but the old certificate is still uploaded in Fernwork. Download the new metadata XML from your IdP and upload it under Settings → Security → Single sign-on, then click Test connection. Your Owner bypass still works in the meantime.",
    humanArticle: "saml-sso-setup",
  },
  {
    id: "s110",
    kind: "answered-reopened",
    dayOffset: 8,
    turns: [
      { customer: "my automation rule doesn't run when a task moves to Done", expectArticle: "automations" },
    ],
    humanReply:
      "The rule runs, but its condition 'Assignee is Sam' is never true because Sam was deactivated. Run history shows every evaluation as skipped. I'd change the condition to the new owner, or remove it; the rule will then fire on the next move to Done.",
    humanArticle: "automations",
  },
  {
    id: "s111",
    kind: "answered-reopened",
    dayOffset: 15,
    turns: [
      { customer: "our renewal payment was declined, how do i fix it", expectArticle: "failed-payments" },
    ],
    csat: 3,
    humanReply:
      "Your bank blocked the annual charge as it was above the card's limit. I've paused the read-only step for 10 days and sent bank transfer details for invoice FW-INV-005102 to your billing contacts. Once we receive the transfer, everything stays as it is.",
    humanArticle: "failed-payments",
  },
  // asks-for-human
  {
    id: "s112",
    kind: "asks-for-human",
    dayOffset: 3,
    turns: [{ customer: "I'd like to talk to a human please" }],
    csat: 4,
    humanReply:
      "Hi, I'm here — what can I help with? (Customer asked how to move projects between Spaces.) You can drag projects between Spaces in the sidebar, or use ⋯ → Move to Space in the project.",
  },
  {
    id: "s113",
    kind: "asks-for-human",
    dayOffset: 6,
    turns: [{ customer: "can I speak with someone from your billing team about our contract renewal" }],
    csat: 5,
    humanReply:
      "Happy to help with the renewal. Your annual Business plan renews on the 14th for 38 seats. You can lower the seat count for the renewal under Settings → Billing → Plan → Seats → Seats at renewal; I've also sent a quote with the current pricing to your billing contacts.",
    humanArticle: "seat-billing",
  },
  {
    id: "s114",
    kind: "asks-for-human",
    dayOffset: 7,
    turns: [
      { customer: "how do i change the time zone for recurring tasks", expectArticle: "recurring-tasks" },
      { customer: "agent please" },
    ],
    humanReply:
      "Recurring tasks follow the workspace time zone, which an Admin can change under Settings → General → Default time zone. Your personal time zone only changes how dates are displayed to you.",
    humanArticle: "recurring-tasks",
  },
  {
    id: "s115",
    kind: "asks-for-human",
    dayOffset: 16,
    turns: [{ customer: "is there a real person I can ask? the help articles don't cover our setup" }],
    csat: 4,
    humanReply:
      "Of course. For a setup with two subsidiaries, I'd recommend one workspace with a private Space per subsidiary rather than two workspaces: billing stays in one place and you can still keep projects separate.",
  },
  {
    id: "s116",
    kind: "asks-for-human",
    dayOffset: 23,
    turns: [{ customer: "connect me to a person, this is about a custom enterprise quote for 250 seats" }],
    csat: 5,
    humanReply:
      "Thanks for reaching out. I've passed your details to our Enterprise team, and Marta from sales will email you today with a quote for 250 seats including SCIM and the EU region. Enterprise contracts are annual and start at 50 seats.",
  },
  {
    id: "s117",
    kind: "asks-for-human",
    dayOffset: 24,
    turns: [{ customer: "I don't want a bot, I need someone who can look at our workspace" }],
    humanReply:
      "I've taken a look at your workspace. The member limit error you saw is because Starter allows 15 members and you have 15; upgrading to Team under Settings → Billing → Plan removes the limit.",
    humanArticle: "upgrade-plan",
  },
  {
    id: "s118",
    kind: "asks-for-human",
    dayOffset: 13,
    turns: [{ customer: "Human!" }],
    humanReply: "Hi there — I'm a member of the support team. What can I help you with today?",
  },
  {
    id: "s119",
    kind: "asks-for-human",
    dayOffset: 1,
    turns: [{ customer: "can i chat with a support agent about migrating 400 users from jira" }],
    csat: 5,
    humanReply:
      "Yes, a Jira migration of that size is very doable. Use Settings → Data → Import → Jira Cloud; assignees are matched by email, so invite your users first. Large imports run in the background and you get an email when done. I'd suggest a test import of one project first.",
    humanArticle: "import-data",
    approveAsLearning: true,
  },
  {
    id: "s120",
    kind: "asks-for-human",
    dayOffset: 9,
    turns: [
      {
        customer:
          "Please escalate this to your team, our SSO has been failing for an hour and nobody can get in",
      },
    ],
    csat: 3,
    humanReply:
      "I'm sorry about this. Your IdP's certificate changed this morning, so our SAML check rejects the responses. The Owner can still sign in with the password bypass: upload the new IdP metadata under Settings → Security → Single sign-on and click Test connection.",
    humanArticle: "saml-sso-setup",
  },
  {
    id: "s121",
    kind: "asks-for-human",
    dayOffset: 20,
    turns: [
      {
        customer:
          "Could you put me through to a representative? We need to change the company name on our account after a merger",
      },
    ],
    humanReply:
      "No problem. The Owner can update the company name and address under Settings → Billing → Tax details; it applies to future invoices. I've also regenerated this month's invoice with the new name, as requested.",
    humanArticle: "invoices-and-receipts",
  },
  {
    id: "s122",
    kind: "asks-for-human",
    dayOffset: 17,
    turns: [{ customer: "live agent pls" }],
    humanReply: "Hi, you're through to support. How can I help?",
  },
  {
    id: "s123",
    kind: "asks-for-human",
    dayOffset: 27,
    turns: [
      { customer: "cards disappeared from the kanban board", expectArticle: "board-view" },
      { customer: "that's not really my question, I'd rather talk to an actual person about this" },
    ],
    csat: 4,
    humanReply:
      "I had a look: after your import the 'Backlog' column holds 640 tasks, and a board column shows at most 500 cards, so the oldest ones aren't drawn. Nothing is lost. Filter the board (for example hide tasks older than 90 days) or split the backlog into sections, and every card shows again.",
    humanArticle: "board-view",
  },
  {
    id: "s124",
    kind: "asks-for-human",
    dayOffset: 11,
    turns: [{ customer: "need to speak to someone about a discrepancy on our last invoice asap" }],
    csat: 4,
    humanReply:
      "I've checked invoice FW-INV-004903: the extra amount is the prorated charge for 6 members added on the 12th, which appears on the next monthly invoice. The breakdown is on page 2 of the PDF.",
    humanArticle: "seat-billing",
  },
  // sensitive-billing
  {
    id: "s125",
    kind: "sensitive-billing",
    dayOffset: 0,
    turns: [
      { customer: "I was charged twice for our March renewal, two identical charges on the company card" },
    ],
    csat: 4,
    humanReply:
      "You're right: the renewal was charged twice because of a retry during a payment processor timeout. I've refunded the duplicate charge in full; it'll be back on your card within 5–10 business days, and a credit note is under Settings → Billing → Invoices.",
    humanArticle: "refund-policy",
  },
  {
    id: "s126",
    kind: "sensitive-billing",
    dayOffset: 23,
    turns: [
      {
        customer:
          "There's an unauthorized charge from FERNWORK on my credit card, I never signed up for a paid plan",
      },
    ],
    humanReply:
      "I found the charge: it's for a Team plan that your colleague (the workspace Owner) upgraded to on the 3rd, using your card that was saved from an earlier purchase. I've asked the Owner to replace the card. If you want the charge reversed, reply and we'll refund it and move the workspace back to its previous plan.",
  },
  {
    id: "s127",
    kind: "sensitive-billing",
    dayOffset: 27,
    turns: [
      {
        customer:
          "We cancelled in January and you still billed us. If this isn't refunded I'll file a chargeback with our bank",
      },
    ],
    csat: 3,
    humanReply:
      "I'm sorry about this. Our records show the cancellation was confirmed on 28 January, before the renewal date, so this charge shouldn't have happened. I've issued a full refund today, which takes 5–10 business days to arrive; no chargeback needed.",
    humanArticle: "refund-policy",
  },
  {
    id: "s128",
    kind: "sensitive-billing",
    dayOffset: 4,
    turns: [
      {
        customer:
          "i want to dispute the invoice FW-INV-004977, we were billed for 40 seats but we only have 22 users",
      },
    ],
    humanReply:
      "I checked: you have 22 active members, but the annual plan was bought with 40 seats, and seats can only be lowered at renewal. As a one-time exception I've credited 18 seats for the remaining 4 months and set 'Seats at renewal' to 22.",
    humanArticle: "seat-billing",
  },
  {
    id: "s129",
    kind: "sensitive-billing",
    dayOffset: 16,
    turns: [{ customer: "double charged again this month?! fix it" }],
    csat: 2,
    humanReply:
      "I see two charges: one is this month's subscription, and the other is the prorated charge for the 5 members added last month, which is on a separate invoice. Neither is a duplicate, but I agree it's confusing; both invoices are under Settings → Billing → Invoices.",
    humanArticle: "seat-billing",
  },
  {
    id: "s130",
    kind: "sensitive-billing",
    dayOffset: 13,
    turns: [
      {
        customer:
          "Our bank flagged a fraudulent charge from your company for $2,643.84. Who authorised this?",
      },
    ],
    humanReply:
      "That amount is the annual renewal of your Team plan (17 seats × $12 × 12 = $2,448, plus 8% sales tax), renewed automatically on the 9th. The renewal reminder went to the billing contact 30 days ago. Since you're within 14 days of renewal, we can refund it in full if you don't want to continue; just confirm.",
    humanArticle: "refund-policy",
  },
  {
    id: "s131",
    kind: "sensitive-billing",
    dayOffset: 11,
    turns: [
      {
        customer: "we need to open a dispute about the annual renewal, nobody approved moving us to Business",
      },
    ],
    humanReply:
      "The audit log shows the plan was changed to Business by an Admin with billing access on the 2nd. If that was a mistake, I can move you back to Team today and refund the difference as a one-off, since it's within 14 days.",
    humanArticle: "upgrade-plan",
  },
  // sensitive-legal
  {
    id: "s132",
    kind: "sensitive-legal",
    dayOffset: 7,
    turns: [
      {
        customer:
          "If you don't delete all my personal data within 7 days I will report you to the data protection authority",
      },
    ],
    humanReply:
      "Thank you for your request. Your account data has been scheduled for deletion and will be removed within 30 days; content in your former employer's workspace is controlled by them, so we've forwarded that part of your request to their Owner as required. You'll receive confirmation by email.",
    humanArticle: "gdpr-requests",
  },
  {
    id: "s133",
    kind: "sensitive-legal",
    dayOffset: 14,
    turns: [{ customer: "Our lawyers will be in touch about the outage that cost us a client deadline" }],
    csat: 2,
    humanReply:
      "I'm sorry for the disruption on Tuesday. The incident report is on status.fernwork.example. Your plan doesn't include the contractual uptime SLA, but I've passed your message to our legal team and your account manager, who will contact you directly.",
    humanArticle: "status-and-incidents",
  },
  {
    id: "s134",
    kind: "sensitive-legal",
    dayOffset: 4,
    turns: [{ customer: "You deleted our workspace without warning. We are considering legal action." }],
    humanReply:
      "Your workspace was deleted by its Owner on the 11th and is still within the 14-day grace period, so I've restored it completely. Everyone can sign in again. I've also sent the audit log entry for the deletion to your Owner.",
  },
  {
    id: "s135",
    kind: "sensitive-legal",
    dayOffset: 21,
    turns: [{ customer: "I'm going to complain to the ICO about how you handled my access request" }],
    humanReply:
      "I'm sorry your request was delayed. Our privacy team has prioritised it: your data export will be sent to you within 5 business days. For data in your company's workspace, your company is the controller; we've forwarded that part of the request to them.",
    humanArticle: "gdpr-requests",
  },
  // negative-sentiment
  {
    id: "s136",
    kind: "negative-sentiment",
    dayOffset: 2,
    turns: [
      {
        customer:
          "This is absolutely ridiculous. Third time this week the board won't load and we've lost an hour of work. Unacceptable.",
      },
    ],
    csat: 2,
    humanReply:
      "I'm sorry. The board didn't load because a browser extension was blocking our realtime connection; your diagnostics report shows it. Turning it off for fernwork.example fixes it. No data was lost: all edits were saved.",
    humanArticle: "sync-issues",
  },
  {
    id: "s137",
    kind: "negative-sentiment",
    dayOffset: 25,
    turns: [{ customer: "your app is garbage, the timeline has been broken all day and I'm furious" }],
    humanReply:
      "I'm sorry about today. We had a degraded timeline rendering issue in the EU region from 09:10 to 13:40 UTC, now resolved; the post-incident report will be on the status page within 5 business days.",
    humanArticle: "status-and-incidents",
  },
  {
    id: "s138",
    kind: "negative-sentiment",
    dayOffset: 23,
    turns: [{ customer: "worst update ever. everything moved around and my team hates it" }],
    csat: 1,
    humanReply:
      "Thanks for the honest feedback. The new sidebar layout can be switched back for now: Avatar → My account → Appearance → Classic sidebar. I've shared your comments with the product team.",
  },
  {
    id: "s139",
    kind: "negative-sentiment",
    dayOffset: 8,
    turns: [
      {
        customer:
          "I'm so fed up with these sync problems, it's a total waste of our time and frustrating beyond words",
      },
    ],
    humanReply:
      "I understand. Your office network's proxy drops WebSocket connections after 60 seconds, which causes the 'Reconnecting…' banner. Ask IT to allow WebSocket traffic to realtime.fernwork.example; I've sent them the details.",
    humanArticle: "sync-issues",
  },
  {
    id: "s140",
    kind: "negative-sentiment",
    dayOffset: 14,
    turns: [
      {
        customer: "Honestly terrible. Notifications arrive hours late, if at all. Pathetic for what we pay.",
      },
    ],
    csat: 1,
    humanReply:
      "I'm sorry. Your account was set to an hourly email digest, which is why notifications arrive in batches. Switch Email frequency to 'Send right away' under My account → Notifications.",
    humanArticle: "notification-settings",
  },
  {
    id: "s141",
    kind: "negative-sentiment",
    dayOffset: 17,
    turns: [{ customer: "wtf happened to the mobile app?? it logs me out every 5 minutes, this is a joke" }],
    humanReply:
      "Your workspace Admin set a 1-hour session limit, and a bug in iOS app 5.12 applied it as 5 minutes. Version 5.12.1, released today, fixes it; please update from the App Store.",
    humanArticle: "mobile-apps",
  },
  {
    id: "s142",
    kind: "negative-sentiment",
    dayOffset: 10,
    turns: [{ customer: "I am really angry. Our automations silently stopped and nobody told us. Awful." }],
    csat: 2,
    humanReply:
      "I'm sorry. Your workspace used its 5,000 Team automation runs on the 21st, so rules paused. The Admin email went to an address that no longer exists. As a one-off I've reset your quota for this month, and you may want to review the rule that runs on every comment.",
    humanArticle: "automations",
  },
  {
    id: "s143",
    kind: "negative-sentiment",
    dayOffset: 20,
    turns: [{ customer: "This product is useless today, nothing saves, I hate it" }],
    humanReply:
      "Sorry for the trouble. We had an incident affecting saves in the US region between 14:05 and 14:32 UTC; it's resolved, and edits made during it were retried and saved.",
    humanArticle: "status-and-incidents",
  },
  {
    id: "s144",
    kind: "negative-sentiment",
    dayOffset: 3,
    turns: [
      {
        customer:
          "Incompetent. The export has failed four times and I have a board meeting tomorrow. Total disaster.",
      },
    ],
    csat: 3,
    humanReply:
      "I'm sorry. Your export kept failing on one corrupted attachment; I've fixed it and started a new workspace export, and the download link will be emailed to you within the hour.",
    humanArticle: "export-data",
  },
  // repeated-failure
  {
    id: "s145",
    kind: "repeated-failure",
    dayOffset: 20,
    turns: [
      { customer: "our script using the api token fails", expectArticle: "api-keys" },
      { customer: "no, that's not it. too many requests", expectArticle: "api-rate-limits" },
      { customer: "still failing" },
    ],
    csat: 2,
    humanReply:
      "Your script and your Zapier connection share the workspace-wide limit (5× the per-token limit), and the Zap was polling every few seconds. I'd switch the Zap to webhook triggers and add exponential backoff on 429 using the Retry-After header; the 429s stop once you're under 120 requests per minute per token.",
    humanArticle: "api-rate-limits",
  },
  {
    id: "s146",
    kind: "repeated-failure",
    dayOffset: 13,
    turns: [
      { customer: "recurring task gets created in the wrong time zone", expectArticle: "recurring-tasks" },
      { customer: "that's not it, I changed the workspace default time zone already" },
      { customer: "still not it, the next one still shows up a day early" },
    ],
    csat: 2,
    humanReply:
      "The workspace time zone only applies to copies created after the change; the next copy in this series was already scheduled. Edit the repeat rule once (click the due date → Repeat → Save) to reschedule it, and future copies will follow the new time zone.",
    humanArticle: "recurring-tasks",
  },
  {
    id: "s147",
    kind: "repeated-failure",
    dayOffset: 26,
    turns: [
      { customer: "how do I change the week start day", expectArticle: "workspace-settings" },
      { customer: "that's not it, my own calendar view" },
      { customer: "still not it, my calendar still starts on sunday" },
    ],
    csat: 1,
    humanReply:
      "Sorry for the runaround. The workspace setting is only the default; your personal setting overrides it: Avatar → My account → Profile → Week starts on. Set it to Monday and reload.",
    humanArticle: "workspace-settings",
    approveAsLearning: true,
  },
  {
    id: "s148",
    kind: "repeated-failure",
    dayOffset: 4,
    turns: [
      { customer: "how do I cancel our plan", expectArticle: "cancel-subscription" },
      { customer: "that's not it, I meant switching to a cheaper plan" },
      { customer: "still not what I need" },
    ],
    humanReply:
      "If you want to pay less but keep Business, the lever is seats: you're on an annual plan with 60 seats and 41 active members. Set Seats at renewal to 41 under Settings → Billing → Plan → Seats and the renewal invoice drops accordingly.",
    humanArticle: "seat-billing",
  },
  {
    id: "s149",
    kind: "repeated-failure",
    dayOffset: 9,
    turns: [
      { customer: "how do I remove a user", expectArticle: "deactivate-member" },
      { customer: "that's not it, I want to leave the workspace myself" },
      { customer: "still not it" },
    ],
    csat: 2,
    humanReply:
      "You can't leave because you're the workspace Owner. Make your colleague an Admin, then use ⋯ → Make owner next to their name; once they accept, you can leave under My account → Workspaces.",
    humanArticle: "transfer-ownership",
  },
  {
    id: "s150",
    kind: "repeated-failure",
    dayOffset: 3,
    turns: [
      { customer: "cant log in", expectArticle: "reset-password" },
      { customer: "that's not it, it says too many attempts" },
      { customer: "still not it, waited 30 minutes and it's the same" },
    ],
    humanReply:
      "Your workspace signs in through SSO, and the lock is in your company's identity provider, not in Fernwork. Your IT team can unlock the account there; Fernwork will accept the sign-in straight away.",
    humanArticle: "saml-sso-setup",
  },
  {
    id: "s151",
    kind: "repeated-failure",
    dayOffset: 17,
    turns: [
      { customer: "my slack notifications stopped", expectArticle: "slack-integration" },
      { customer: "that's not it, we use microsoft teams not slack" },
      { customer: "still not it" },
    ],
    csat: 3,
    humanReply:
      "The Teams connection was made by a colleague who has since been deactivated. An Admin needs to click Reconnect under Settings → Integrations → Microsoft Teams; the channel notifications resume immediately.",
    humanArticle: "microsoft-teams-integration",
  },
  // out-of-scope
  {
    id: "s152",
    kind: "out-of-scope",
    dayOffset: 23,
    turns: [{ customer: "Do you offer an on-premise version we can install on our own servers?" }],
    csat: 4,
    humanReply:
      "Fernwork is cloud-only; there's no on-premise version. If the concern is control over data, Enterprise offers a choice of region (US, EU or Australia) and customer-managed encryption keys.",
    humanArticle: "data-residency",
    approveAsLearning: true,
  },
  {
    id: "s153",
    kind: "out-of-scope",
    dayOffset: 5,
    turns: [{ customer: "Are you hiring? I'd like to apply for a job at fernwork" }],
    humanReply:
      "Thanks for your interest! Open positions are listed at fernwork.example/careers; please apply there, as the support team can't forward CVs.",
  },
  {
    id: "s154",
    kind: "out-of-scope",
    dayOffset: 3,
    turns: [{ customer: "can I become a reseller partner and get a margin on licences?" }],
    humanReply:
      "We run a partner programme for agencies and resellers. I've forwarded your details to our partnerships team, who will email you the programme terms this week.",
  },
  {
    id: "s155",
    kind: "out-of-scope",
    dayOffset: 25,
    turns: [{ customer: "does fernwork have a dark mode" }],
    csat: 5,
    humanReply:
      "Yes! Avatar → My account → Appearance → Theme, then choose Dark, Light or Match system. The mobile apps follow your phone's setting.",
    approveAsLearning: true,
  },
  {
    id: "s156",
    kind: "out-of-scope",
    dayOffset: 13,
    turns: [{ customer: "can the interface be switched to Italian?" }],
    humanReply:
      "Not yet: Fernwork is available in English, French, German, Spanish, Portuguese, Japanese and Dutch. Admins set the default under Settings → General; Italian is planned for later this year.",
    humanArticle: "workspace-settings",
  },
  {
    id: "s157",
    kind: "out-of-scope",
    dayOffset: 27,
    turns: [{ customer: "What keyboard shortcuts are there?" }],
    csat: 5,
    humanReply:
      "Press ? anywhere in the web app to see all shortcuts. Favourites: Q for quick add, Ctrl/Cmd+K to search, T to start a timer, M to mark a milestone on the timeline.",
    approveAsLearning: true,
  },
  {
    id: "s158",
    kind: "out-of-scope",
    dayOffset: 8,
    turns: [{ customer: "Is there a student discount for my thesis group?" }],
    humanReply:
      "We don't have individual student discounts, but accredited schools and universities get 50% off Team and Business. If your university signs up, you qualify; send us proof of status via Contact support.",
    humanArticle: "plans-and-pricing",
  },
  {
    id: "s159",
    kind: "out-of-scope",
    dayOffset: 17,
    turns: [{ customer: "We need a W-9 form for our vendor onboarding" }],
    csat: 4,
    humanReply:
      "I've attached our W-9. It's also available in the Trust Center at trust.fernwork.example under Company documents.",
  },
  {
    id: "s160",
    kind: "out-of-scope",
    dayOffset: 0,
    turns: [{ customer: "Does Fernwork work with Salesforce natively?" }],
    humanReply:
      "There's no native Salesforce integration, but you can connect it through Zapier or Make, for example creating a Fernwork task when an opportunity is won.",
    humanArticle: "zapier-and-make",
  },
  {
    id: "s161",
    kind: "out-of-scope",
    dayOffset: 11,
    turns: [{ customer: "how do I print a board on paper for our office wall" }],
    humanReply:
      "Browsers print only the visible part of a board. Use Board → ⋯ → Print, which lays out all columns on A3 or tabloid paper, or export the timeline to PDF.",
  },
  {
    id: "s162",
    kind: "out-of-scope",
    dayOffset: 21,
    turns: [{ customer: "Can I embed a fernwork board on our public website?" }],
    csat: 3,
    humanReply:
      "Boards can't be embedded publicly, to protect your workspace. You can embed a form on a public site, or share a scheduled dashboard PDF.",
    humanArticle: "forms",
  },
  {
    id: "s163",
    kind: "out-of-scope",
    dayOffset: 17,
    turns: [
      { customer: "what's your cyber liability insurance coverage, procurement needs the certificate" },
    ],
    humanReply:
      "We hold cyber liability insurance; the certificate of insurance is available under NDA in the Trust Center (trust.fernwork.example). I've requested access for your email address.",
    humanArticle: "security-compliance",
  },
  {
    id: "s164",
    kind: "out-of-scope",
    dayOffset: 19,
    turns: [
      { customer: "Is Fernwork accessible with screen readers? We need a VPAT or WCAG conformance report" },
    ],
    csat: 5,
    humanReply:
      "Yes. The web app targets WCAG 2.1 AA and is tested with NVDA, JAWS and VoiceOver. The VPAT is in the Trust Center at trust.fernwork.example.",
    humanArticle: "security-compliance",
    approveAsLearning: true,
  },
  {
    id: "s165",
    kind: "out-of-scope",
    dayOffset: 15,
    turns: [{ customer: "do you have a referral program? I recommended you to 3 companies" }],
    humanReply:
      "Thank you! We don't have a referral programme at the moment, but I've added a month's credit to your workspace as a thank-you.",
  },
  {
    id: "s166",
    kind: "out-of-scope",
    dayOffset: 23,
    turns: [
      { customer: "will you be at the ProjectCon expo in Berlin next month? would love a demo in person" },
    ],
    humanReply:
      "We will! Our team is at stand B14. I've passed your details to our events team, who can book a demo slot with you.",
  },
  {
    id: "s167",
    kind: "out-of-scope",
    dayOffset: 2,
    turns: [
      {
        customer:
          "Could you send a written quotation for 120 seats that we can upload to our procurement portal?",
      },
    ],
    csat: 4,
    humanReply:
      "I've sent a formal quotation for 120 Business seats billed annually to your email, valid for 30 days, with our bank letter attached.",
  },
  {
    id: "s168",
    kind: "out-of-scope",
    dayOffset: 7,
    turns: [{ customer: "Is there a way to draw diagrams or whiteboard inside fernwork?" }],
    humanReply:
      "There's no whiteboard in Fernwork. Many teams attach diagrams from a whiteboard tool as links; you can vote for a built-in whiteboard at feedback.fernwork.example.",
  },
  {
    id: "s169",
    kind: "out-of-scope",
    dayOffset: 10,
    turns: [{ customer: "Can fernwork send SMS reminders to our field staff who don't have smartphones?" }],
    humanReply:
      "Fernwork doesn't send SMS. For staff without smartphones, email reminders work, or you can use Zapier to send an SMS through an SMS provider when a task is due.",
    humanArticle: "zapier-and-make",
  },
  // greeting-only
  { id: "s170", kind: "greeting-only", dayOffset: 26, turns: [{ customer: "hi" }] },
  {
    id: "s171",
    kind: "greeting-only",
    dayOffset: 9,
    turns: [{ customer: "hello?" }, { customer: "hello anyone there" }],
  },
  { id: "s172", kind: "greeting-only", dayOffset: 21, turns: [{ customer: "hey there" }] },
  { id: "s173", kind: "greeting-only", dayOffset: 17, turns: [{ customer: "good morning" }] },
  { id: "s174", kind: "greeting-only", dayOffset: 4, turns: [{ customer: "hiya" }] },
  {
    id: "s175",
    kind: "greeting-only",
    dayOffset: 1,
    turns: [{ customer: "hi" }, { customer: "hi is anyone here" }],
  },
  { id: "s176", kind: "greeting-only", dayOffset: 15, turns: [{ customer: "bonjour" }] },
  // multi-question
  {
    id: "s177",
    kind: "multi-question",
    dayOffset: 13,
    turns: [
      { customer: "where do I put our VAT number for tax purposes", expectArticle: "vat-and-tax" },
      { customer: "and where do I download last month's invoice?", expectArticle: "invoices-and-receipts" },
    ],
    csat: 5,
  },
  {
    id: "s178",
    kind: "multi-question",
    dayOffset: 10,
    turns: [
      { customer: "how do I invite a client as a guest", expectArticle: "guest-access" },
      {
        customer: "one more thing, can people fill in our forms without an account?",
        expectArticle: "forms",
      },
    ],
    csat: 4,
  },
  {
    id: "s179",
    kind: "multi-question",
    dayOffset: 1,
    turns: [
      { customer: "where do I turn on 2fa for myself", expectArticle: "two-factor-authentication" },
      {
        customer: "also, if I lose my phone with the authenticator app, how would I get back in?",
        expectArticle: "lost-2fa-device",
      },
    ],
  },
  {
    id: "s180",
    kind: "multi-question",
    dayOffset: 22,
    turns: [
      { customer: "how to connect slack to fernwork", expectArticle: "slack-integration" },
      { customer: "and can I sync my due dates to my outlook calendar too?", expectArticle: "calendar-sync" },
    ],
    csat: 5,
  },
  {
    id: "s181",
    kind: "multi-question",
    dayOffset: 21,
    turns: [
      { customer: "how do I export a project to csv", expectArticle: "export-data" },
      { customer: "how long do deleted tasks stay in the trash?", expectArticle: "restore-deleted-items" },
    ],
  },
  {
    id: "s182",
    kind: "multi-question",
    dayOffset: 26,
    turns: [
      { customer: "what's the api rate limit on the team plan", expectArticle: "api-rate-limits" },
      { customer: "and how do webhooks retry if my server is down?", expectArticle: "webhooks" },
    ],
    csat: 5,
  },
  {
    id: "s183",
    kind: "multi-question",
    dayOffset: 17,
    turns: [
      { customer: "how do I make a task repeat every month", expectArticle: "recurring-tasks" },
      {
        customer: "also can a task wait for another task to finish first?",
        expectArticle: "task-dependencies",
      },
    ],
  },
  {
    id: "s184",
    kind: "multi-question",
    dayOffset: 4,
    turns: [
      { customer: "which browsers do you support", expectArticle: "browser-support" },
      { customer: "and which android version does the mobile app need?", expectArticle: "mobile-apps" },
    ],
    csat: 4,
  },
  {
    id: "s185",
    kind: "multi-question",
    dayOffset: 7,
    turns: [
      { customer: "how do I change my email address", expectArticle: "change-email-address" },
      {
        customer: "also how do I get a daily digest instead of every notification?",
        expectArticle: "notification-settings",
      },
    ],
  },
];
