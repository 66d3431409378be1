/** A published article, as the agent learns from and quotes it. */
export interface ArticleKnowledge {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly body: string;
  readonly questions: readonly string[];
}

/** An answer a person wrote, approved for the agent to give. */
export interface LearnedAnswer {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

/** A customer question approved as answered by `label` (an article or a learned answer). */
export interface LabelledQuestion {
  readonly text: string;
  readonly label: string;
}

/** What people taught the agent: learned answers and approved questions, both active only. */
export interface Learning {
  readonly answers: readonly LearnedAnswer[];
  readonly examples: readonly LabelledQuestion[];
}

/**
 * What the agent trains a tenant's model from. Declared here, implemented by the rooms that own it —
 * knowledge (published articles) and the inbox (what people taught the agent) — and wired at the
 * composition root. Each reads only the tenant's own rows, in id order.
 */
export interface TrainingSource {
  articles(tenantId: string): Promise<readonly ArticleKnowledge[]>;
  learning(tenantId: string): Promise<Learning>;
}
