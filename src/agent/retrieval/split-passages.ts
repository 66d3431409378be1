import { lexer, type MarkedToken, type Token, type Tokens } from "marked";
import { type Passage, type PassageKind, passageId } from "./passage.js";
import { blocksToPlainText, inlineToPlainText } from "./render-passage.js";

/** Longer paragraphs (at sentence ends) and lists (between items) are cut, so a passage stays quotable. */
const MAX_BLOCK_CHARS = 1500;
/** A question heading keeps its whole answer in one passage up to this size. */
const MAX_FAQ_CHARS = 2000;
/** Text read past a cut point, so the sentence rules see what follows a full stop. */
const SENTENCE_LOOKAHEAD = 100;
/** A fixed locale: the same article splits the same way on every machine. */
const SENTENCES = new Intl.Segmenter("en", { granularity: "sentence" });
/** Front matter the importer did not remove; marked would read it as a rule and a heading. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;

/** The article as the knowledge base holds it; the body is Markdown without front matter. */
export interface PassageSource {
  readonly id: string;
  /** Not a passage: a leading `# ` heading in the body repeats it and is skipped. */
  readonly title: string;
  readonly body: string;
}

/**
 * Split an article into the passages the agent ranks and quotes: the blocks of each section (paragraph,
 * list, table, code, quote; HTML as its text), a lead-in ending in ":" joined to the list, table or code
 * it introduces, and a question (a heading or a bold line ending in "?") kept with its answer. Pure and
 * deterministic: the same article always gives the same ids.
 */
export function splitPassages(source: PassageSource): Passage[] {
  const passages: Passage[] = [];
  for (const section of readSections(lexBody(source.body))) {
    sectionUnits(section).forEach((unit, i) => {
      passages.push({
        id: passageId(source.id, section.anchor, i + 1),
        sourceId: source.id,
        kind: unit.kind,
        anchor: section.anchor,
        headings: section.headings,
        markdown: trimLines(unit.raw),
        text: unit.text,
        position: passages.length,
      });
    });
  }
  return passages;
}

/** Blank lines around a passage go; the first line's indentation stays (it makes indented code). */
function trimLines(raw: string): string {
  return raw.replace(/^(?:[ \t]*\n)+/, "").trimEnd();
}

function lexBody(body: string): Token[] {
  const tokens = lexer(body.replace(FRONT_MATTER, ""));
  const first = tokens.findIndex((token) => token.type !== "space");
  const title = tokens[first];
  return title?.type === "heading" && title.depth === 1 ? tokens.slice(first + 1) : tokens;
}

/** The blocks under one heading up to the next, or before the first heading. */
interface Section {
  readonly anchor: string;
  readonly headings: readonly string[];
  readonly blocks: Token[];
  /** Set when the heading is a question kept whole with its answer (`blocks`). */
  readonly question?: Tokens.Heading;
}

function readSections(tokens: readonly Token[]): Section[] {
  const slug = createSlugger();
  const path: { depth: number; text: string }[] = [];
  const sections: Section[] = [{ anchor: "", headings: [], blocks: [] }];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i] as MarkedToken; // no extensions: every token is marked's own
    i += 1;
    if (token.type !== "heading") {
      sections.at(-1)!.blocks.push(token);
      continue;
    }
    const text = inlineToPlainText(token.tokens);
    while ((path.at(-1)?.depth ?? 0) >= token.depth) path.pop();
    path.push({ depth: token.depth, text });
    const section = { anchor: slug(text), headings: path.map((heading) => heading.text) };
    const answer = questionAnswer(token, text, tokens, i);
    if (answer) {
      // Headings inside the answer still take their anchors, so later anchors match the rendered page.
      for (const block of answer) if (block.type === "heading") slug(inlineToPlainText(block.tokens ?? []));
      sections.push({ ...section, blocks: answer, question: token });
      i += answer.length;
    } else {
      sections.push({ ...section, blocks: [] });
    }
  }
  return sections;
}

/**
 * The blocks answering a question heading (up to the next heading of its level or higher), when the
 * question and its answer fit in one passage; undefined otherwise, and the heading is an ordinary one.
 */
function questionAnswer(
  heading: Tokens.Heading,
  text: string,
  tokens: readonly Token[],
  from: number,
): Token[] | undefined {
  if (!isQuestion(text)) return undefined;
  let size = heading.raw.trim().length;
  let end = from;
  for (; end < tokens.length; end += 1) {
    const token = tokens[end]!;
    if (token.type === "heading" && token.depth <= heading.depth) break;
    size += token.raw.length;
    if (size > MAX_FAQ_CHARS) return undefined;
  }
  const answer = tokens.slice(from, end);
  return blocksToPlainText(answer) === "" ? undefined : answer;
}

function isQuestion(text: string): boolean {
  return /[?？]$/.test(text);
}

/**
 * A GitHub-style anchor for each heading: lower case, everything but letters, marks, digits, "_", "-"
 * and spaces dropped, spaces to "-"; a repeat gets "-1", "-2" … "" is taken from the start, for the text
 * before the first heading, so a heading of symbols alone gets "-1".
 */
function createSlugger(): (text: string) => string {
  const taken = new Map<string, number>([["", 0]]);
  return (text) => {
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\p{Alphabetic} -]/gu, "")
      .replaceAll(" ", "-");
    let slug = base;
    while (taken.has(slug)) {
      const repeats = (taken.get(base) ?? 0) + 1;
      taken.set(base, repeats);
      slug = `${base}-${repeats}`;
    }
    taken.set(slug, 0);
    return slug;
  };
}

/** A passage before it gets its id: its source text (untrimmed) and the section blocks it spans. */
interface Unit {
  readonly kind: PassageKind;
  readonly raw: string;
  readonly text: string;
  readonly first: number;
  readonly last: number;
  /** A whole paragraph (not a piece of a long one): it may lead in or ask a question. */
  readonly paragraph?: Tokens.Paragraph;
}

function sectionUnits(section: Section): Unit[] {
  const { blocks, question } = section;
  if (question) return [questionUnit(question, blocks)];
  return joinQuestions(blocks, joinLeadIns(blocks, blocks.flatMap(blockUnits)));
}

function questionUnit(question: Tokens.Heading, blocks: readonly Token[]): Unit {
  return {
    kind: "faq",
    raw: question.raw + blocks.map((block) => block.raw).join(""),
    text: `${inlineToPlainText(question.tokens)}\n${blocksToPlainText(blocks)}`,
    first: 0,
    last: blocks.length - 1,
  };
}

/** One block's passages: usually one, several for a long paragraph or list, none for an empty one. */
function blockUnits(token: Token, index: number): Unit[] {
  const t = token as MarkedToken; // no extensions: see readSections
  switch (t.type) {
    case "paragraph":
      return t.raw.length > MAX_BLOCK_CHARS ? splitParagraph(t, index) : wholeBlock("paragraph", t, index, t);
    case "list":
      return t.raw.length > MAX_BLOCK_CHARS ? splitList(t, index) : wholeBlock("list", t, index);
    case "table":
      return wholeBlock("table", t, index);
    case "code":
      return wholeBlock("code", t, index);
    case "blockquote":
      return wholeBlock("quote", t, index);
    case "html":
    case "text":
      return wholeBlock("paragraph", t, index);
    default: // space, hr, link definitions
      return [];
  }
}

function wholeBlock(kind: PassageKind, token: Token, index: number, paragraph?: Tokens.Paragraph): Unit[] {
  const text = blocksToPlainText([token]);
  if (text === "") return [];
  return [{ kind, raw: token.raw, text, first: index, last: index, ...(paragraph ? { paragraph } : {}) }];
}

/** A list cut between its top-level items; nested lists stay with their item. */
function splitList(list: Tokens.List, index: number): Unit[] {
  return groupBySize(list.items, (item) => item.raw.length, MAX_BLOCK_CHARS).flatMap((items) => {
    const raw = items.map((item) => item.raw).join("");
    return wholeBlock("list", { ...list, raw, items }, index);
  });
}

/** Consecutive items in groups of at most `max` (a single larger item is a group of its own). */
function groupBySize<T>(items: readonly T[], size: (item: T) => number, max: number): T[][] {
  const groups: T[][] = [];
  let total = Number.POSITIVE_INFINITY;
  for (const item of items) {
    const n = size(item);
    if (total + n > max) {
      groups.push([]);
      total = 0;
    }
    groups.at(-1)!.push(item);
    total += n;
  }
  return groups;
}

/** Where an inline token sits in its paragraph's text. */
interface Span {
  readonly start: number;
  readonly end: number;
  readonly token: Token;
}

/**
 * A long paragraph cut at sentence ends into pieces of at most MAX_BLOCK_CHARS where sentences allow,
 * never inside a link, emphasis or code span, so each piece is valid Markdown on its own.
 */
function splitParagraph(paragraph: Tokens.Paragraph, index: number): Unit[] {
  const source = paragraph.text;
  const spans = inlineSpans(paragraph.tokens);
  if (spans.at(-1)?.end !== source.length) return wholeBlock("paragraph", paragraph, index);
  const units: Unit[] = [];
  let start = 0;
  while (start < source.length) {
    const end = source.length - start > MAX_BLOCK_CHARS ? nextCut(source, start, spans) : source.length;
    const text = inlineToPlainText(tokensWithin(source, spans, start, end));
    if (text !== "")
      units.push({ kind: "paragraph", raw: source.slice(start, end), text, first: index, last: index });
    start = end;
  }
  return units;
}

function inlineSpans(tokens: readonly Token[]): Span[] {
  let start = 0;
  return tokens.map((token) => {
    const span = { start, end: start + token.raw.length, token };
    start = span.end;
    return span;
  });
}

/**
 * The end of the next piece after `start`: the last sentence end within MAX_BLOCK_CHARS; failing that
 * (one very long sentence), the last space; failing that, the limit itself, moved past a token it falls
 * in. Only a window of the text is segmented, as segmenting costs grow with the whole input's length.
 */
function nextCut(source: string, start: number, spans: readonly Span[]): number {
  const limit = start + MAX_BLOCK_CHARS;
  let cut = -1;
  for (const { index, segment } of SENTENCES.segment(source.slice(start, limit + SENTENCE_LOOKAHEAD))) {
    const end = start + index + segment.length;
    if (end > limit) break;
    if (canCut(source, spans, end)) cut = end;
  }
  for (let at = limit; cut < 0 && at > start; at -= 1) {
    if (/\s/.test(source[at - 1]!) && canCut(source, spans, at)) cut = at;
  }
  return cut > start ? cut : cutAfterToken(source, spans, limit);
}

/** A cut may fall in plain text (not between the halves of a surrogate pair), never inside other tokens. */
function canCut(source: string, spans: readonly Span[], at: number): boolean {
  const span = spans[spanAt(spans, at)];
  if (!span || span.start === at) return true;
  const code = source.charCodeAt(at - 1);
  return span.token.type === "text" && !(code >= 0xd800 && code <= 0xdbff);
}

function cutAfterToken(source: string, spans: readonly Span[], at: number): number {
  const span = spans[spanAt(spans, at)];
  if (span && span.start < at && span.token.type !== "text") return span.end;
  return canCut(source, spans, at) ? at : at + 1;
}

/** The index of the first span ending after `offset` (binary search: spans are in order). */
function spanAt(spans: readonly Span[], offset: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (spans[mid]!.end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The inline tokens of [start, end): text tokens cut to the range, other tokens whole. */
function tokensWithin(source: string, spans: readonly Span[], start: number, end: number): Token[] {
  const tokens: Token[] = [];
  for (let i = spanAt(spans, start); i < spans.length && spans[i]!.start < end; i += 1) {
    const span = spans[i]!;
    if (span.token.type !== "text" || (span.start >= start && span.end <= end)) {
      tokens.push(span.token);
    } else {
      const text = source.slice(Math.max(span.start, start), Math.min(span.end, end));
      tokens.push({ type: "text", raw: text, text });
    }
  }
  return tokens;
}

const LED_IN_KINDS: ReadonlySet<PassageKind> = new Set(["list", "table", "code"]);

/** "To export, do this:" answers nothing alone: it joins the list, table or code it introduces. */
function joinLeadIns(blocks: readonly Token[], units: readonly Unit[]): Unit[] {
  const out: Unit[] = [];
  for (const unit of units) {
    const previous = out.at(-1);
    if (
      previous?.paragraph &&
      /[:：]$/.test(previous.text) &&
      LED_IN_KINDS.has(unit.kind) &&
      adjacent(blocks, previous, unit)
    ) {
      out[out.length - 1] = joined(blocks, previous, unit, unit.kind);
    } else {
      out.push(unit);
    }
  }
  return out;
}

/**
 * A paragraph that is a bold question (`**Can I pay by card?**`) joins the passage answering it; a
 * paragraph that opens with one and goes on to answer it is a question with its answer already.
 */
function joinQuestions(blocks: readonly Token[], units: readonly Unit[]): Unit[] {
  const out: Unit[] = [];
  for (const unit of units) {
    const previous = out.at(-1);
    const question = previous?.paragraph && boldQuestion(previous.paragraph);
    if (
      previous &&
      question === "alone" &&
      unit.kind !== "faq" &&
      adjacent(blocks, previous, unit) &&
      previous.raw.trim().length + unit.raw.trim().length <= MAX_FAQ_CHARS
    ) {
      out[out.length - 1] = joined(blocks, previous, unit, "faq");
    } else {
      out.push(
        unit.paragraph && boldQuestion(unit.paragraph) === "answered" ? { ...unit, kind: "faq" } : unit,
      );
    }
  }
  return out;
}

/** Whether a paragraph opens with a bold question, and whether anything follows it. */
function boldQuestion(paragraph: Tokens.Paragraph): "alone" | "answered" | undefined {
  const [first, ...rest] = paragraph.tokens.filter((t) => t.type !== "text" || t.raw.trim() !== "");
  if (first?.type !== "strong" || !isQuestion(inlineToPlainText([first]))) return undefined;
  return rest.length === 0 ? "alone" : "answered";
}

/** Nothing but blank lines between two units: a rule or an HTML comment separates them. */
function adjacent(blocks: readonly Token[], a: Unit, b: Unit): boolean {
  return blocks.slice(a.last + 1, b.first).every((block) => block.type === "space");
}

function joined(blocks: readonly Token[], a: Unit, b: Unit, kind: PassageKind): Unit {
  const between = blocks.slice(a.last + 1, b.first).map((block) => block.raw);
  return {
    kind,
    raw: [a.raw, ...between, b.raw].join(""),
    text: `${a.text}\n${b.text}`,
    first: a.first,
    last: b.last,
  };
}
