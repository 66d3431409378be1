import { Lexer, lexer, type MarkedToken, type Token, type Tokens } from "marked";

/** How a channel shows a passage: the widget renders Markdown; email and SMS-like channels take text. */
export type PassageFormat = "markdown" | "text";

/**
 * A passage's Markdown as a channel shows it: unchanged for the widget, or plain text that keeps the
 * structure a reader needs (list items as "- " / "1. " lines, table rows as "a | b" lines, code
 * verbatim, links as "text (url)", emphasis removed, blocks separated by a blank line).
 */
export function renderPassage(markdown: string, format: PassageFormat): string {
  if (format === "markdown") return markdown;
  return blocksText(lexer(markdown), READER, "\n\n");
}

/**
 * The plain text of block tokens for the index: no list markers, links as their text, one line per
 * paragraph, list item and table row; code verbatim. A passage's `text`.
 */
export function blocksToPlainText(tokens: readonly Token[]): string {
  return blocksText(tokens, INDEX, "\n");
}

/** The plain text of inline tokens (a heading's, a paragraph's) for the index. */
export function inlineToPlainText(tokens: readonly Token[]): string {
  return inlineText(tokens, INDEX);
}

/** What differs between text for the index and text a person reads. */
interface TextStyle {
  /** List markers, task boxes and link targets are kept: a reader needs them, the index does not. */
  readonly forReader: boolean;
}

const INDEX: TextStyle = { forReader: false };
const READER: TextStyle = { forReader: true };

function blocksText(tokens: readonly Token[], style: TextStyle, separator: string): string {
  return tokens
    .map((token) => blockText(token, style))
    .filter((text) => text !== "")
    .join(separator);
}

function blockText(token: Token, style: TextStyle): string {
  // The lexer runs without extensions, so every token is one of marked's own.
  const t = token as MarkedToken;
  switch (t.type) {
    case "paragraph":
    case "heading":
      return inlineText(t.tokens, style);
    case "text": // a tight list item's content
      return t.tokens ? inlineText(t.tokens, style) : inlineText([t], style);
    case "list":
      return listText(t, style);
    case "table":
      return tableText(t, style);
    case "code":
      return t.text;
    case "blockquote":
      return blocksText(t.tokens, style, "\n");
    case "html":
      return htmlText(t.text);
    default: // space, hr, link definitions, task boxes (listText shows them)
      return "";
  }
}

function listText(list: Tokens.List, style: TextStyle): string {
  const first = typeof list.start === "number" ? list.start : 1;
  return list.items
    .map((item, i) => itemText(item, style, list.ordered ? `${first + i}. ` : "- "))
    .filter((text) => text !== "")
    .join("\n");
}

/** For a reader, the marker leads the item and its following lines are indented under it. */
function itemText(item: Tokens.ListItem, style: TextStyle, marker: string): string {
  const body = blocksText(item.tokens, style, "\n");
  if (!style.forReader) return body;
  const box = item.task ? (item.checked ? "[x] " : "[ ] ") : "";
  return `${marker}${box}${body}`.replaceAll("\n", `\n${" ".repeat(marker.length)}`);
}

function tableText(table: Tokens.Table, style: TextStyle): string {
  const row = (cells: readonly Tokens.TableCell[]) =>
    cells.map((cell) => inlineText(cell.tokens, style)).join(" | ");
  return [row(table.header), ...table.rows.map(row)].join("\n");
}

/** Soft line breaks and runs of spaces become one space; hard breaks stay line breaks. */
function inlineText(tokens: readonly Token[], style: TextStyle): string {
  return tokens
    .map((token) => inlinePiece(token, style))
    .join("")
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .trim();
}

function inlinePiece(token: Token, style: TextStyle): string {
  const t = token as MarkedToken; // no extensions: see blockText
  switch (t.type) {
    case "text":
      return t.tokens
        ? t.tokens.map((inner) => inlinePiece(inner, style)).join("")
        : decodeEntities(t.text).replace(/[ \t]*\n[ \t]*/g, " ");
    case "escape":
    case "codespan":
      return t.text;
    case "strong":
    case "em":
    case "del":
      return t.tokens.map((inner) => inlinePiece(inner, style)).join("");
    case "link":
      return linkText(t, style);
    case "image":
      return decodeEntities(t.text);
    case "br":
      return "\n";
    default: // inline HTML tags: their text arrives as the text tokens between them
      return "";
  }
}

function linkText(link: Tokens.Link, style: TextStyle): string {
  const label = link.tokens.map((inner) => inlinePiece(inner, style)).join("");
  const shown = link.autolink === true || label === link.href || `mailto:${label}` === link.href;
  return style.forReader && !shown ? `${label} (${link.href})` : label;
}

/**
 * An HTML block's text: its tags dropped (each leaves a space, as block tags separate words), script and
 * style contents dropped, the rest read as inline Markdown (as a browser shows it, near enough).
 */
function htmlText(html: string): string {
  let hidden = false;
  const parts: string[] = [];
  for (const token of Lexer.lexInline(html)) {
    if (token.type === "html") {
      if (/^<(script|style)\b/i.test(token.raw)) hidden = true;
      else if (/^<\/(script|style)\b/i.test(token.raw)) hidden = false;
      parts.push(" ");
    } else if (!hidden) {
      parts.push(inlinePiece(token, INDEX));
    }
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * Character references as the reader sees them. marked leaves named references in text tokens (it
 * renders HTML, where they work); numeric ones are decoded for text cut from the source by hand.
 */
function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-z]+));/g, (ref, dec, hex, name) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? ref;
    const code = Number.parseInt(dec ?? hex, dec !== undefined ? 10 : 16);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
      ? String.fromCodePoint(code)
      : "\uFFFD";
  });
}
