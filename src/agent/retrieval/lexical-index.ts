import MiniSearch from "minisearch";
import type { Passage } from "./passage.js";
import { passageTerms } from "./passage-terms.js";

/** One passage a question matched, with what the fusion needs to weigh it. */
export interface LexicalHit {
  readonly passage: Passage;
  /** BM25+ score over title, headings and text (MiniSearch); comparable only within one question. */
  readonly score: number;
  /**
   * Share of the question's term weight (IDF, summed over its distinct terms) that the passage, its
   * headings or its article's title contain (a word found only in the title counts half), in [0, 1]. Unlike the score it is comparable across
   * questions and knowledge bases: a question about something no passage mentions covers little.
   */
  readonly coverage: number;
  /**
   * The IDF of the rarest question term the passage lacks, relative to the largest IDF possible (a term
   * no passage contains), in [0, 1]: "PayPal" missing from every passage is 1, a missing "account" small.
   */
  readonly uncovered: number;
}

/** A passage as MiniSearch holds it: each field's terms (passageTerms), space-separated. */
interface IndexedPassage {
  readonly id: number;
  readonly title: string;
  readonly headings: string;
  readonly text: string;
}

/**
 * Field weights: an article's title names its subject, headings name a section's, and a term there says
 * more about what the passage answers than the same term in running text.
 */
const BOOST = { title: 2, headings: 1.5, text: 1 } as const;

/**
 * What a question word found only in the article's title counts towards a passage's coverage: the title
 * says what the whole article is about, so it tells the article's passages apart from other articles'
 * but not from each other.
 */
const TITLE_ONLY = 0.25;

/** Terms made by passageTerms, joined with spaces (they never contain one), back into a list. */
const splitTerms = (joined: string): string[] => (joined === "" ? [] : joined.split(" "));

/** Questions rarely need more: every passage scored beyond this many is noise for the fusion. */
const MAX_HITS = 50;

/**
 * A tenant's passages indexed for lexical retrieval: BM25+ over the passage text, its headings and its
 * article's title (MiniSearch, with Vouch's own terms: the resolver's normalisation, Intl.Segmenter for
 * unspaced scripts, English function words dropped, light stemming), and document frequencies for
 * coverage. Built once per knowledge revision; searching is synchronous and read-only.
 */
export class LexicalIndex {
  private constructor(
    private readonly search_: MiniSearch<IndexedPassage>,
    private readonly passages: readonly Passage[],
    private readonly documentFrequency: ReadonlyMap<string, number>,
  ) {}

  /**
   * Index `passages`; `titles` maps a source id to its title. Adds in chunks that yield to the event loop,
   * so a large knowledge base does not stall the requests of other tenants while it is indexed.
   */
  static async build(
    passages: readonly Passage[],
    titles: ReadonlyMap<string, string>,
  ): Promise<LexicalIndex> {
    // Each text is made into terms once (passageTerms), for the document frequencies and for MiniSearch,
    // which gets them space-separated and splits them again; a question is searched the same way (termsOf).
    const search = new MiniSearch<IndexedPassage>({
      fields: ["title", "headings", "text"],
      tokenize: splitTerms,
      processTerm: (term) => term,
      searchOptions: { boost: BOOST, combineWith: "OR" },
    });
    const titleTerms = new Map<string, string>();
    const documentFrequency = new Map<string, number>();
    const docs = passages.map((p, id): IndexedPassage => {
      const headings = passageTerms(p.headings.join("\n"));
      const text = passageTerms(p.text);
      // Passages' own words only: a title is repeated on every passage of its article, which would make
      // the article's own subject look common and weigh nothing in coverage.
      for (const term of new Set([...headings, ...text])) {
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
      let title = titleTerms.get(p.sourceId);
      if (title === undefined) {
        title = passageTerms(titles.get(p.sourceId) ?? "").join(" ");
        titleTerms.set(p.sourceId, title);
      }
      return { id, title, headings: headings.join(" "), text: text.join(" ") };
    });
    await search.addAllAsync(docs, { chunkSize: 500 });
    return new LexicalIndex(search, passages, documentFrequency);
  }

  get size(): number {
    return this.passages.length;
  }

  /** The terms a question is searched with (distinct, in order). */
  termsOf(question: string): string[] {
    return [...new Set(passageTerms(question))];
  }

  /** Inverse document frequency of a term; a term no passage contains (e.g. "") gets the largest. */
  idf(term: string): number {
    const n = this.passages.length;
    const df = this.documentFrequency.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Passages matching any of the question's terms, best first (at most MAX_HITS). */
  search(question: string): LexicalHit[] {
    const terms = this.termsOf(question);
    if (terms.length === 0 || this.passages.length === 0) return [];
    const weights = terms.map((t) => this.idf(t));
    const total = weights.reduce((a, b) => a + b, 0);
    const results = this.search_.search(terms.join(" "));
    const hits: LexicalHit[] = [];
    for (const r of results.slice(0, MAX_HITS)) {
      const passage = this.passages[r.id as number];
      if (!passage) continue;
      let covered = 0;
      let uncovered = 0;
      for (let i = 0; i < terms.length; i++) {
        const fields = r.match[terms[i] ?? ""];
        if (!fields) uncovered = Math.max(uncovered, weights[i] ?? 0);
        else covered += (weights[i] ?? 0) * (fields.length === 1 && fields[0] === "title" ? TITLE_ONLY : 1);
      }
      hits.push({
        passage,
        score: r.score,
        coverage: total > 0 ? covered / total : 0,
        uncovered: uncovered / this.idf(""),
      });
    }
    return hits;
  }
}
