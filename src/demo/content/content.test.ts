import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { confirmations, greetings, reopenings, type ScenarioKind, scenarios } from "./scenarios.js";

const ARTICLES_DIR = new URL("./articles/", import.meta.url);
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The mix the brief asks for; each kind's share must be within 5 points of it. */
const TARGET_MIX: Record<ScenarioKind, number> = {
  "answered-confirmed": 0.35,
  "answered-silent": 0.2,
  "answered-reopened": 0.04,
  "asks-for-human": 0.07,
  "sensitive-billing": 0.04,
  "sensitive-legal": 0.02,
  "negative-sentiment": 0.05,
  "repeated-failure": 0.04,
  "out-of-scope": 0.1,
  "greeting-only": 0.04,
  "multi-question": 0.05,
};
const ESCALATED: ReadonlySet<ScenarioKind> = new Set([
  "asks-for-human",
  "sensitive-billing",
  "sensitive-legal",
  "negative-sentiment",
  "repeated-failure",
  "out-of-scope",
]);
const ANSWERED: ReadonlySet<ScenarioKind> = new Set([
  "answered-confirmed",
  "answered-silent",
  "answered-reopened",
  "multi-question",
]);

interface ParsedArticle {
  readonly file: string;
  readonly meta: Record<string, unknown>;
  readonly body: string;
}

const files = readdirSync(ARTICLES_DIR)
  .filter((f) => f.endsWith(".md"))
  .sort();
const articles: ParsedArticle[] = files.map((file) => {
  const text = readFileSync(new URL(file, ARTICLES_DIR), "utf8");
  const m = FRONT_MATTER.exec(text);
  if (!m) throw new Error(`${file}: no front matter`);
  const meta: unknown = parseYaml(m[1] ?? "");
  if (typeof meta !== "object" || meta === null || Array.isArray(meta))
    throw new Error(`${file}: front matter is not a mapping`);
  return { file, meta: meta as Record<string, unknown>, body: (m[2] ?? "").trim() };
});
const slugs = new Set(articles.map((a) => a.meta.slug as string));
const norm = (s: string) => s.trim().toLowerCase();
const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === "string" && x.trim().length > 0);

describe("knowledge base articles", () => {
  it("has at least 45 articles, with unique slugs that equal their file names", () => {
    expect(articles.length).toBeGreaterThanOrEqual(45);
    expect(slugs.size).toBe(articles.length);
    for (const a of articles) expect(a.meta.slug, a.file).toBe(a.file.replace(/\.md$/, ""));
  });

  it.each(articles.map((a) => [a.file, a] as const))("%s has valid front matter and body", (file, a) => {
    expect(Object.keys(a.meta).sort(), file).toEqual(["questions", "slug", "tags", "title"]);
    expect(typeof a.meta.title === "string" && a.meta.title.trim().length > 0, `${file}: title`).toBe(true);
    expect(a.meta.slug, `${file}: slug`).toMatch(SLUG);
    expect(isStringArray(a.meta.tags) && a.meta.tags.length > 0, `${file}: tags`).toBe(true);
    expect(isStringArray(a.meta.questions), `${file}: questions`).toBe(true);
    const questions = a.meta.questions as string[];
    expect(questions.length, `${file}: 4–8 questions`).toBeGreaterThanOrEqual(4);
    expect(questions.length, `${file}: 4–8 questions`).toBeLessThanOrEqual(8);
    expect(new Set(questions.map(norm)).size, `${file}: duplicate question`).toBe(questions.length);
    expect(a.body, `${file}: body starts with the title heading`).toMatch(/^# \S/);
    expect(a.body.split("\n")[0], `${file}: heading equals title`).toBe(`# ${a.meta.title as string}`);
    const n = words(a.body);
    expect(n, `${file}: ${n} words`).toBeGreaterThanOrEqual(150);
    expect(n, `${file}: ${n} words`).toBeLessThanOrEqual(600);
  });

  it("never lists the same question under two articles", () => {
    const owner = new Map<string, string>();
    for (const a of articles)
      for (const q of a.meta.questions as string[]) {
        const prev = owner.get(norm(q));
        expect(prev, `"${q}" is in ${prev} and ${a.file}`).toBeUndefined();
        owner.set(norm(q), a.file);
      }
  });
});

describe("scenarios", () => {
  const questions = new Set(articles.flatMap((a) => (a.meta.questions as string[]).map(norm)));

  it("has at least 160 scenarios with unique, stable ids", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(160);
    const ids = scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^s\d{3}$/);
  });

  it("references only existing article slugs", () => {
    for (const s of scenarios) {
      for (const t of s.turns) if (t.expectArticle) expect(slugs, s.id).toContain(t.expectArticle);
      if (s.humanArticle) expect(slugs, s.id).toContain(s.humanArticle);
    }
  });

  it("starts every conversation on a day of the four-week period", () => {
    for (const s of scenarios) {
      expect(Number.isInteger(s.dayOffset), s.id).toBe(true);
      expect(s.dayOffset, s.id).toBeGreaterThanOrEqual(0);
      expect(s.dayOffset, s.id).toBeLessThanOrEqual(27);
    }
  });

  it("matches the target mix of kinds within 5 points", () => {
    const total = scenarios.length;
    for (const [kind, target] of Object.entries(TARGET_MIX)) {
      const share = scenarios.filter((s) => s.kind === kind).length / total;
      expect(Math.abs(share - target), `${kind}: ${(share * 100).toFixed(1)}%`).toBeLessThanOrEqual(0.05);
    }
  });

  it("tests the agent on paraphrases, never on an article's own questions", () => {
    for (const s of scenarios)
      for (const t of s.turns)
        expect(questions.has(norm(t.customer)), `${s.id}: "${t.customer}"`).toBe(false);
  });

  it("is shaped as each kind needs", () => {
    for (const s of scenarios) {
      expect(s.turns.length, s.id).toBeGreaterThan(0);
      for (const t of s.turns) expect(t.customer.trim().length, s.id).toBeGreaterThan(0);
      if (ANSWERED.has(s.kind)) expect(s.turns[0]?.expectArticle, s.id).toBeDefined();
      if (s.kind === "multi-question") {
        expect(s.turns.length, s.id).toBeGreaterThanOrEqual(2);
        const expected = s.turns.map((t) => t.expectArticle);
        expect(expected.every(Boolean), s.id).toBe(true);
        expect(new Set(expected).size, `${s.id}: two different questions`).toBe(expected.length);
      }
      if (s.kind === "repeated-failure") expect(s.turns.length, s.id).toBeGreaterThanOrEqual(3);
      if (s.kind === "out-of-scope" || s.kind === "greeting-only")
        expect(
          s.turns.some((t) => t.expectArticle),
          s.id,
        ).toBe(false);
      if (s.kind === "greeting-only") expect(s.csat, s.id).toBeUndefined();
      if (ESCALATED.has(s.kind)) expect(s.humanReply?.length ?? 0, `${s.id}: humanReply`).toBeGreaterThan(40);
      if (s.approveAsLearning) expect(s.humanReply, s.id).toBeDefined();
      if (s.humanArticle) expect(s.humanReply, s.id).toBeDefined();
    }
  });

  it("asks every answerable question only once", () => {
    const seen = new Map<string, string>();
    for (const s of scenarios)
      for (const t of s.turns) {
        if (!t.expectArticle) continue;
        expect(seen.get(norm(t.customer)), `${s.id}: "${t.customer}"`).toBeUndefined();
        seen.set(norm(t.customer), s.id);
      }
  });

  it("has a rating on about 40% of conversations", () => {
    const rated = scenarios.filter((s) => s.csat !== undefined).length / scenarios.length;
    expect(rated).toBeGreaterThanOrEqual(0.3);
    expect(rated).toBeLessThanOrEqual(0.5);
  });

  it("exports the follow-up phrases the simulation draws from", () => {
    expect(greetings).toHaveLength(10);
    expect(confirmations).toHaveLength(12);
    expect(reopenings).toHaveLength(8);
    for (const list of [greetings, confirmations, reopenings]) {
      expect(new Set(list.map(norm)).size).toBe(list.length);
      for (const x of list) expect(questions.has(norm(x)), x).toBe(false);
    }
  });
});
