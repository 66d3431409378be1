import type { ArticleKnowledge, LabelledQuestion, LearnedAnswer } from "./ports.js";
import type { TrainingExample } from "./resolver/types.js";
import type { Passage } from "./retrieval/passage.js";

/** What a passage teaches the resolver: its opening, at this weight (a customer question counts 1). */
const PASSAGE_EXAMPLE_CHARS = 300;
const PASSAGE_WEIGHT = 0.3;
/**
 * At most this many passages teach the resolver, taken round-robin over the articles (every article's
 * first passage, then every second one, …). The resolver's memory and training time grow with the words
 * it learns from; passage text helps it most on a small help centre, and a large one is covered by the
 * lexical index anyway (see BENCHMARKS.md, "Knowledge retrieval").
 */
const PASSAGE_EXAMPLE_BUDGET = 1000;

/**
 * Turn a tenant's knowledge into resolver training data. An article teaches its title, its example
 * questions, its section headings (half weight: they describe content, customers rarely phrase a question
 * that way) and the opening of each of its passages (less again: the vocabulary of the answer, not of the
 * question, but for a tenant without example questions the only text there is; up to a budget). Approved customer
 * questions teach the answer they were resolved with. Examples pointing at answers that no longer exist
 * (an archived article) are dropped.
 */
export function buildTrainingSet(
  articles: readonly ArticleKnowledge[],
  learned: readonly LearnedAnswer[],
  approved: readonly LabelledQuestion[],
  passages: readonly Passage[],
): TrainingExample[] {
  const examples: TrainingExample[] = [];
  const known = new Set<string>();
  for (const a of articles) {
    known.add(a.id);
    examples.push({ text: a.title, label: a.id });
    for (const q of a.questions) examples.push({ text: q, label: a.id });
    for (const m of a.body.matchAll(/^#{2,4}\s+(.+)$/gm)) {
      const heading = m[1]?.trim();
      if (heading) examples.push({ text: heading, label: a.id, weight: 0.5 });
    }
  }
  for (const l of learned) {
    known.add(l.id);
    examples.push({ text: l.title, label: l.id });
  }
  for (const p of roundRobin(passages.filter((p) => p.kind !== "learned" && known.has(p.sourceId)))) {
    const text = p.text.slice(0, PASSAGE_EXAMPLE_CHARS).trim();
    if (text) examples.push({ text, label: p.sourceId, weight: PASSAGE_WEIGHT });
  }
  for (const q of approved) {
    if (known.has(q.label)) examples.push({ text: q.text, label: q.label });
  }
  return examples;
}

/** Up to PASSAGE_EXAMPLE_BUDGET passages: each source's n-th passage before any source's (n+1)-th. */
function roundRobin(passages: readonly Passage[]): Passage[] {
  const seen = new Map<string, number>();
  const ranked = passages.map((p, order) => {
    const n = seen.get(p.sourceId) ?? 0;
    seen.set(p.sourceId, n + 1);
    return { p, n, order };
  });
  ranked.sort((a, b) => a.n - b.n || a.order - b.order);
  return ranked.slice(0, PASSAGE_EXAMPLE_BUDGET).map((r) => r.p);
}
