import Sentiment from "sentiment";
import type { TenantSettings } from "../tenants/index.js";

/** What a customer message is, as far as the conversation flow is concerned. */
type MessageIntent =
  | "question" // anything substantive the agent should answer
  | "greeting" // greeting only: does not make a conversation eligible
  | "thanks" // the customer confirms the answer helped
  | "failure" // the customer says the last answer did not help
  | "noise"; // no letters at all (emoji, punctuation, digits): not a question

export interface MessageSignals {
  readonly intent: MessageIntent;
  readonly wantsHuman: boolean;
  /** Name of the first sensitive topic matched, if any. */
  readonly sensitiveTopic: string | undefined;
  /** AFINN-165 score with support vocabulary neutralised; negative is unhappy. */
  readonly sentiment: number;
}

const BUILT_IN_HUMAN_REQUEST = [
  "\\b(talk|speak|chat)(ing)? (to|with) (a |an |some |real |actual |live )*(human|person|people|someone|somebody|agent|rep|representative|operator|support (agent|person|staff)|team member)",
  "\\b(real|actual|live) (human|person|agent|support)",
  "\\b(human|person|agent|representative|operator) (please|pls|now)\\b",
  "\\b(get|give|connect|transfer|put) me (to|with|through to)? ?(a |an )?(human|person|agent|representative|someone|somebody)",
  "\\b(escalate|escalation)\\b",
  "^(human|agent|representative|operator|person)[.!?]*$",
  "\\bnot (a |an )?(bot|robot|ai)\\b",
  "\\b(don'?t|do not|no) (want|need)? ?(a |an |the |to (talk|speak|chat) (to|with) (a |an |the )?)?(bot|robot|ai|machine|chatbot)\\b",
  "\\bstop (the )?(bot|robot|ai)\\b",
];

const GREETING_WORDS = new Set(
  (
    "hi hello hey heya hiya hallo hola bonjour ciao hej hei salut yo howdy greetings good morning afternoon " +
    "evening day there all team folks anyone anybody someone is are you here ok okay sup guys"
  ).split(" "),
);

const THANKS =
  /\b(thanks|thank you|thank u|thx|ty|cheers|merci|danke|gracias|that (fixed|solved|worked|helped|did it)|it works( now)?|works now|working now|(problem|issue) (is )?(solved|resolved|fixed)|perfect|brilliant|got it|all (good|sorted)|sorted|great,? (thanks|that)|that'?s? (it|what i needed))\b/iu;

const FAILURE =
  /\b(did ?n[o']?t help|does ?n[o']?t help|not helpful|no help|(did|does) not (help|work)|did ?n[o']?t work|does ?n[o']?t work|not (what|it)\b|wrong (answer|article)|that'?s? (wrong|not (it|right|what))|still (not|does ?n[o']?t|did ?n[o']?t|broken|failing|the same|have|having|get|getting|see|seeing)|same (problem|issue|error)|useless answer|not (relevant|related)|irrelevant|you misunderst|misunderstood|not my question|read my question|that is not|this is not)\b/iu;

const THUMBS_UP = /^(?:\s|👍|🙏|✅|👌|🎉|❤\uFE0F?)+$/u;

const REJECTION_START = /^(no|nope|nah|not|that|this|it|still|wrong|useless|didn'?t|doesn'?t)\b/iu;

/**
 * Words AFINN scores that, in a support conversation, describe the problem rather than the customer's
 * feelings ("my export failed with an error") or are politeness ("please help"). Scored 0 so that only
 * anger and frustration at the service move the score.
 */
const SUPPORT_NEUTRAL: Record<string, number> = Object.fromEntries(
  (
    "error errors fail failed fails failing failure problem problems issue issues broken break breaks bug bugs crash " +
    "crashed crashes wrong stuck lost lose losing missing miss cannot unable denied deny blocked block blocks " +
    "limit limited slow delay delayed fix fixed fixes help helping support please like want kill killed killing " +
    "dead die dies abort aborted reject rejected rejects warning warn alert alerts attack risk risks bad no " +
    "urgent emergency cancel cancelled canceled cancellation refund disappointed pay paid charged charge fine " +
    "free clear cleared critical lock locked hard forced force demand"
  )
    .split(" ")
    .map((w) => [w, 0]),
);
const SUPPORT_ANGER: Record<string, number> = {
  ridiculous: -3,
  unacceptable: -4,
  furious: -4,
  outrageous: -4,
  scam: -4,
  joke: -2,
  incompetent: -4,
  pathetic: -4,
  rubbish: -3,
  garbage: -3,
  trash: -3,
  worst: -4,
  useless: -3,
  waste: -3,
  wtf: -4,
  fed: -1,
};

const sentimentAnalyzer = new Sentiment();
const sentimentExtras = { ...SUPPORT_NEUTRAL, ...SUPPORT_ANGER };

export function sentimentScore(text: string): number {
  return sentimentAnalyzer.analyze(text, { extras: sentimentExtras }).score;
}

/** Compiled patterns per settings object, so a hot path does not rebuild regular expressions. */
const compiled = new WeakMap<TenantSettings, { human: RegExp[]; topics: { name: string; re: RegExp[] }[] }>();

function patternsFor(settings: TenantSettings) {
  let c = compiled.get(settings);
  if (!c) {
    c = {
      human: [...BUILT_IN_HUMAN_REQUEST, ...settings.humanRequestPatterns].map((p) => new RegExp(p, "iu")),
      topics: settings.sensitiveTopics.map((t) => ({
        name: t.name,
        re: t.patterns.map((p) => new RegExp(p, "iu")),
      })),
    };
    compiled.set(settings, c);
  }
  return c;
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];

/** Words that may surround a thanks without making it about anything ("thanks so much for the help!"). */
const ACK_FILLER = new Set(
  (
    "so much very really a lot lots again for the your all help helping it this that now you guys team " +
    "ok okay great awesome amazing nice cool wow oh ah and just many thx"
  ).split(" "),
);

const THANKS_GLOBAL = new RegExp(THANKS.source, "giu");

/**
 * A message that only thanks or acknowledges ("thanks, that fixed it!"), with nothing left once the thanks
 * and filler words are taken out: recognised even when the agent's last turn was not an answer (as a
 * first message, say), where a thanks that also says something ("thanks, but the export still fails")
 * stays a question.
 */
function isPureThanks(text: string): boolean {
  if (text.includes("?") || !THANKS.test(text)) return false;
  const rest = words(text.replace(THANKS_GLOBAL, " ")).filter(
    (x) => !ACK_FILLER.has(x) && !GREETING_WORDS.has(x),
  );
  return rest.length === 0;
}

/**
 * Classify a normalised customer message. `afterAnswer` says whether the agent's previous turn was an
 * answer: only then can a message be a rejection of that answer rather than a new problem report
 * ("my export doesn't work" opens a question; "no, that doesn't work" rejects an answer).
 */
export function detectSignals(text: string, settings: TenantSettings, afterAnswer: boolean): MessageSignals {
  const p = patternsFor(settings);
  const w = words(text);
  const wantsHuman = p.human.some((re) => re.test(text));
  const sensitiveTopic = p.topics.find((t) => t.re.some((re) => re.test(text)))?.name;
  const sentiment = sentimentScore(text);
  let intent: MessageIntent = "question";
  if (!/\p{L}/u.test(text)) intent = afterAnswer && THUMBS_UP.test(text) ? "thanks" : "noise";
  else if (afterAnswer && FAILURE.test(text) && (w.length <= 15 || REJECTION_START.test(text)))
    intent = "failure";
  else if (w.length <= 6 && w.every((x) => GREETING_WORDS.has(x))) intent = "greeting";
  else if (afterAnswer && THANKS.test(text) && w.length <= 14 && !text.includes("?")) intent = "thanks";
  else if (isPureThanks(text)) intent = "thanks";
  return { intent, wantsHuman, sensitiveTopic, sentiment };
}
