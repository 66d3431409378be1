import type { AnswerSource } from "../compose-reply.js";
import type { ArticleKnowledge, LearnedAnswer } from "../ports.js";
import { answerWindow } from "./answer-window.js";
import { type Passage, passageId } from "./passage.js";
import { splitPassages } from "./split-passages.js";

/** A tenant's knowledge as the agent answers from it: passages, source titles, and what each passage quotes. */
export interface KnowledgeSources {
  readonly passages: readonly Passage[];
  /** Title of every source (article or learned answer) by id. */
  readonly titles: ReadonlyMap<string, string>;
  /** By passage id: the text the agent quotes when that passage is the answer, and its citation. */
  readonly answers: ReadonlyMap<string, AnswerSource>;
}

/**
 * Split every article into passages (split-passages.ts) and make each learned answer one passage; for every
 * passage, the answer it gives: its window (the passage with the adjacent ones of its section that belong
 * with it, answer-window.ts) and where it is cited.
 */
export function knowledgeSources(
  articles: readonly ArticleKnowledge[],
  learned: readonly LearnedAnswer[],
): KnowledgeSources {
  const passages: Passage[] = [];
  const titles = new Map<string, string>();
  const answers = new Map<string, AnswerSource>();
  for (const a of articles) {
    titles.set(a.id, a.title);
    const own = splitPassages({ id: a.id, title: a.title, body: a.body });
    for (const p of own) {
      passages.push(p);
      answers.set(p.id, {
        id: p.id,
        sourceId: a.id,
        kind: "article",
        title: a.title,
        slug: a.slug,
        anchor: p.anchor,
        section: p.headings.at(-1),
        body: answerWindow(own, p)
          .map((w) => w.markdown)
          .join("\n\n"),
      });
    }
  }
  for (const l of learned) {
    titles.set(l.id, l.title);
    const p: Passage = {
      id: passageId(l.id, "", 1),
      sourceId: l.id,
      kind: "learned",
      anchor: "",
      headings: [],
      markdown: l.body,
      text: l.body,
      position: 0,
    };
    passages.push(p);
    answers.set(p.id, {
      id: p.id,
      sourceId: l.id,
      kind: "learned",
      title: l.title,
      slug: undefined,
      anchor: "",
      section: undefined,
      body: l.body,
    });
  }
  return { passages, titles, answers };
}
