import type { AnswerSource } from "./compose-reply.js";
import type { ArticleKnowledge, LabelledQuestion, LearnedAnswer } from "./ports.js";
import type { TrainingExample } from "./resolver/types.js";

/**
 * Turn a tenant's knowledge into resolver training data. An article teaches its title, its example
 * questions and its section headings (headings weigh half: they describe content, customers rarely
 * phrase a question that way). Approved customer questions teach the answer they were resolved with.
 * Examples pointing at answers that no longer exist (an archived article) are dropped.
 */
export function buildTrainingSet(
  articles: readonly ArticleKnowledge[],
  learned: readonly LearnedAnswer[],
  approved: readonly LabelledQuestion[],
): { examples: TrainingExample[]; answers: Map<string, AnswerSource> } {
  const examples: TrainingExample[] = [];
  const answers = new Map<string, AnswerSource>();
  for (const a of articles) {
    answers.set(a.id, { id: a.id, kind: "article", title: a.title, slug: a.slug, body: a.body });
    examples.push({ text: a.title, label: a.id });
    for (const q of a.questions) examples.push({ text: q, label: a.id });
    for (const m of a.body.matchAll(/^#{2,4}\s+(.+)$/gm)) {
      const heading = m[1]?.trim();
      if (heading) examples.push({ text: heading, label: a.id, weight: 0.5 });
    }
  }
  for (const l of learned) {
    answers.set(l.id, { id: l.id, kind: "learned", title: l.title, slug: undefined, body: l.body });
    examples.push({ text: l.title, label: l.id });
  }
  for (const q of approved) {
    if (answers.has(q.label)) examples.push({ text: q.text, label: q.label });
  }
  return { examples, answers };
}
