import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readArticleDir } from "../../knowledge/index.js";
import { type Passage, passageId } from "./passage.js";
import { splitPassages } from "./split-passages.js";

const split = (body: string, id = "art_1") => splitPassages({ id, title: "Title", body });
const pick = (passages: readonly Passage[], ...keys: (keyof Passage)[]) =>
  passages.map((p) => Object.fromEntries(keys.map((k) => [k, p[k]])));

/** What every split must hold, whatever the article. */
function expectWellFormed(passages: readonly Passage[]): void {
  expect(passages.map((p) => p.position)).toEqual(passages.map((_, i) => i));
  expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
  for (const p of passages) {
    expect(p.text.trim()).not.toBe("");
    expect(p.markdown).toBe(p.markdown.trimEnd());
    expect(p.markdown).not.toMatch(/^\s*\n/);
    expect(p.markdown).not.toBe("");
  }
}

/**
 * Words of the body outside headings, front matter and Markdown syntax (tags, list markers, a code
 * block's language): every one must reach some passage's text.
 */
function expectNothingLost(body: string, passages: readonly Passage[]): void {
  const words = (s: string) => s.match(/[\p{L}\p{N}]+/gu) ?? [];
  const said = new Set(passages.flatMap((p) => words(p.text)));
  const prose = body
    .replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, "")
    .replace(/<[^>]*>/g, " ")
    .replace(/^(?:```|~~~)\S*/gm, "") // a code block's language
    .replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/gm, "") // list markers
    .split(/\r?\n/)
    .filter((line) => !/^#{1,6}\s/.test(line));
  const lost = prose.flatMap(words).filter((word) => !said.has(word));
  expect(lost).toEqual([]);
}

describe("splitPassages: sections and ids", () => {
  it("returns nothing for an empty or blank body", () => {
    expect(split("")).toEqual([]);
    expect(split("  \n\n\t\n")).toEqual([]);
    expect(split("# Title\n\n## Empty\n\n### Also empty\n")).toEqual([]);
  });

  it("gives the text before any heading the anchor '' and numbers the next passages of a section", () => {
    const passages = split("First paragraph.\n\nSecond paragraph.\n\n- one\n- two\n");
    expect(pick(passages, "id", "anchor", "headings", "kind", "position")).toEqual([
      { id: "art_1:", anchor: "", headings: [], kind: "paragraph", position: 0 },
      { id: "art_1:.2", anchor: "", headings: [], kind: "paragraph", position: 1 },
      { id: "art_1:.3", anchor: "", headings: [], kind: "list", position: 2 },
    ]);
    expect(passages[0]).toMatchObject({
      sourceId: "art_1",
      markdown: "First paragraph.",
      text: "First paragraph.",
    });
  });

  it("skips the leading title and gives each passage the path of headings above it", () => {
    const passages = split(
      [
        "# Billing",
        "",
        "How billing works.",
        "",
        "## Invoices",
        "",
        "Invoices are sent monthly.",
        "",
        "### Download an invoice",
        "",
        "Open **Billing → Invoices**.",
        "",
        "#### Old invoices",
        "",
        "Kept for seven years.",
        "",
        "## Refunds",
        "",
        "Refunds take five days.",
      ].join("\n"),
    );
    expect(pick(passages, "id", "headings", "text")).toEqual([
      { id: "art_1:", headings: [], text: "How billing works." },
      { id: "art_1:invoices", headings: ["Invoices"], text: "Invoices are sent monthly." },
      {
        id: "art_1:download-an-invoice",
        headings: ["Invoices", "Download an invoice"],
        text: "Open Billing → Invoices.",
      },
      {
        id: "art_1:old-invoices",
        headings: ["Invoices", "Download an invoice", "Old invoices"],
        text: "Kept for seven years.",
      },
      { id: "art_1:refunds", headings: ["Refunds"], text: "Refunds take five days." },
    ]);
  });

  it("derives anchors as GitHub does, numbering repeated headings", () => {
    const headings = [
      "Step 1: Install `vouch`",
      "What's new (2024)",
      "Use the [API](https://api.example)",
      "snake_case and kebab-case",
      "🚀 Launch",
      "Setup",
      "Setup",
      "setup",
      "Setup-1",
      "C++ & C#",
    ];
    const body = headings.map((h) => `## ${h}\n\nText under ${h}.\n`).join("\n");
    expect(split(body).map((p) => p.anchor)).toEqual([
      "step-1-install-vouch",
      "whats-new-2024",
      "use-the-api",
      "snake_case-and-kebab-case",
      "-launch",
      "setup",
      "setup-1",
      "setup-2",
      "setup-1-1",
      "c--c",
    ]);
  });

  it("keeps non-Latin letters in anchors", () => {
    const passages = split(
      "## 如何导出数据\n\n打开设置。\n\n## ログイン方法\n\n設定を開きます。\n\n## API キー\n\nキーを作成します。\n\n## Ärger mit Öffnungszeiten\n\nText.\n",
    );
    expect(passages.map((p) => p.anchor)).toEqual([
      "如何导出数据",
      "ログイン方法",
      "api-キー",
      "ärger-mit-öffnungszeiten",
    ]);
    expect(passages.map((p) => p.id)).toContain(passageId("art_1", "ログイン方法", 1));
  });

  it("gives a heading of symbols alone an anchor apart from the text before the first heading", () => {
    const passages = split("Intro.\n\n## ???\n\nAnswer.\n\n## …\n\nMore.\n");
    expect(passages.map((p) => p.id)).toEqual(["art_1:", "art_1:-1", "art_1:-2"]);
  });

  it("counts headings without content, so later anchors still match the page", () => {
    const passages = split("## Setup\n\n## Setup\n\nThe second one has text.\n\n## Empty\n");
    expect(pick(passages, "id", "text")).toEqual([{ id: "art_1:setup-1", text: "The second one has text." }]);
  });

  it("reads setext headings as headings, a leading one as the title", () => {
    const passages = split("Intro\n=====\n\nSee section\n-----------\n\nBody text.\n");
    expect(pick(passages, "id", "headings")).toEqual([
      { id: "art_1:see-section", headings: ["See section"] },
    ]);
  });

  it("treats a later top-level heading as a section, not a title", () => {
    const passages = split("# Title\n\nIntro.\n\n# Appendix\n\nExtra.\n\n## Notes\n\nNote.\n");
    expect(pick(passages, "anchor", "headings")).toEqual([
      { anchor: "", headings: [] },
      { anchor: "appendix", headings: ["Appendix"] },
      { anchor: "notes", headings: ["Appendix", "Notes"] },
    ]);
  });

  it("is deterministic", () => {
    const body = "## A\n\nOne. Two.\n\n- x\n- y\n\n## A\n\n**Q?**\n\nYes.\n";
    expect(split(body)).toEqual(split(body));
  });
});

describe("splitPassages: blocks", () => {
  it("keeps a nested list inside its parent list, with plain text one line per item", () => {
    const body = [
      "## Install",
      "",
      "- Download the app",
      "  - **macOS**: open the `.dmg`",
      "  - Windows: run the [installer](https://dl.example/setup.exe)",
      "- Sign in",
      "  1. Enter your email",
      "  2. Check your inbox",
      "- [x] Done",
    ].join("\n");
    const passages = split(body);
    expect(passages).toHaveLength(1);
    expect(passages[0]).toMatchObject({
      kind: "list",
      markdown: body.replace("## Install\n\n", ""),
      text: [
        "Download the app",
        "macOS: open the .dmg",
        "Windows: run the installer",
        "Sign in",
        "Enter your email",
        "Check your inbox",
        "Done",
      ].join("\n"),
    });
  });

  it("reads tab-indented nested lists and tabs in text", () => {
    const passages = split("## Tabs\n\n-\tFirst\n\t-\tNested\n-\tSecond\twith a tab\n");
    expect(pick(passages, "kind", "text")).toEqual([
      { kind: "list", text: "First\nNested\nSecond with a tab" },
    ]);
  });

  it("keeps code verbatim, and a # line inside a code block is no heading", () => {
    const code = [
      "```bash",
      "# Install the CLI",
      "npm install -g vouch",
      "## not a heading either",
      "vouch --version",
      "```",
    ].join("\n");
    const passages = split(`## Install\n\n${code}\n\n    # indented code\n    echo hi\n\nAfter.\n`);
    expect(pick(passages, "id", "kind", "markdown", "text")).toEqual([
      {
        id: "art_1:install",
        kind: "code",
        markdown: code,
        text: "# Install the CLI\nnpm install -g vouch\n## not a heading either\nvouch --version",
      },
      {
        id: "art_1:install.2",
        kind: "code",
        markdown: "    # indented code\n    echo hi",
        text: "# indented code\necho hi",
      },
      { id: "art_1:install.3", kind: "paragraph", markdown: "After.", text: "After." },
    ]);
  });

  it("keeps a table whole, one line of cells per row", () => {
    const table = [
      "| Plan | Price | Seats |",
      "|:-----|------:|:-----:|",
      "| **Free** | $0 | 3 |",
      "| Pro | $10 / seat | [unlimited](/kb/seats) |",
    ].join("\n");
    const passages = split(`## Plans\n\n${table}\n`);
    expect(pick(passages, "kind", "markdown", "text")).toEqual([
      {
        kind: "table",
        markdown: table,
        text: "Plan | Price | Seats\nFree | $0 | 3\nPro | $10 / seat | unlimited",
      },
    ]);
  });

  it("reads a blockquote as a quote", () => {
    const passages = split("> **Note:** exports expire after 7 days.\n> Download them soon.\n");
    expect(pick(passages, "kind", "text")).toEqual([
      { kind: "quote", text: "Note: exports expire after 7 days. Download them soon." },
    ]);
  });

  it("turns HTML blocks into their text and drops those without any", () => {
    const body = [
      "## Limits",
      "",
      '<div class="callout">',
      "<p>Uploads are limited to <b>250 MB</b> &amp; 10 files.</p>",
      "</div>",
      "",
      "<!-- TODO: check the numbers -->",
      "",
      "<style>.callout { color: red }</style>",
      "",
      "<details>",
      "<summary>Why?</summary>",
      "",
      "Large files slow everyone down.",
      "",
      "</details>",
      "",
      "<br/>",
    ].join("\n");
    const passages = split(body);
    expect(pick(passages, "kind", "text")).toEqual([
      { kind: "paragraph", text: "Uploads are limited to 250 MB & 10 files." },
      { kind: "paragraph", text: "Why?" },
      { kind: "paragraph", text: "Large files slow everyone down." },
    ]);
    expect(passages[0]!.markdown).toContain('<div class="callout">');
  });

  it("removes inline Markdown from text: links keep their text, code its content, emphasis goes", () => {
    const passages = split(
      "Press <kbd>Ctrl</kbd>+<kbd>K</kbd>, type `export` and see [the guide][guide] or <https://help.example>. It's ~~free~~ *really* __free__ \\*now\\*, AT&amp;T&#39;s too.  \nNew line ![diagram](d.png).\n\n[guide]: https://help.example/guide\n",
    );
    expect(pick(passages, "kind", "text")).toEqual([
      {
        kind: "paragraph",
        text: "Press Ctrl+K, type export and see the guide or https://help.example. It's free really free *now*, AT&T's too.\nNew line diagram.",
      },
    ]);
  });

  it("reads CRLF line endings as LF", () => {
    const body = "# Title\n\nIntro.\n\n## Steps\n\nTo start:\n\n1. One\n2. Two\n\n```\n# code\n```\n";
    const lf = split(body);
    expect(split(body.replaceAll("\n", "\r\n"))).toEqual(lf);
    expect(lf.map((p) => p.markdown).join("")).not.toContain("\r");
  });

  it("drops front matter left in the body", () => {
    const passages = split("---\ntitle: Exports\nslug: exports\n---\n# Exports\n\n## How\n\nUse the menu.\n");
    expect(pick(passages, "id", "text")).toEqual([{ id: "art_1:how", text: "Use the menu." }]);
    const crlf = split("---\r\ntitle: Exports\r\n---\r\nUse the menu.\r\n");
    expect(pick(crlf, "id", "text")).toEqual([{ id: "art_1:", text: "Use the menu." }]);
  });

  it("keeps a rule that is not front matter out of the passages", () => {
    const passages = split("Intro.\n\n---\n\nAfter the rule.\n");
    expect(passages.map((p) => p.text)).toEqual(["Intro.", "After the rule."]);
  });
});

describe("splitPassages: lead-ins", () => {
  it("joins a paragraph ending in ':' with the list, code or table it introduces", () => {
    const body = [
      "## Export",
      "",
      "To export your data, do this:",
      "",
      "1. Open **Settings → Data**.",
      "2. Click **Export**.",
      "",
      "Or from the command line:",
      "",
      "```sh",
      "vouch export --all",
      "```",
      "",
      "The files contain these columns:",
      "| Column | Meaning |",
      "|---|---|",
      "| id | The task id |",
      "",
      "Exports are emailed when ready.",
    ].join("\n");
    const passages = split(body);
    expect(pick(passages, "id", "kind", "markdown", "text")).toEqual([
      {
        id: "art_1:export",
        kind: "list",
        markdown: "To export your data, do this:\n\n1. Open **Settings → Data**.\n2. Click **Export**.",
        text: "To export your data, do this:\nOpen Settings → Data.\nClick Export.",
      },
      {
        id: "art_1:export.2",
        kind: "code",
        markdown: "Or from the command line:\n\n```sh\nvouch export --all\n```",
        text: "Or from the command line:\nvouch export --all",
      },
      {
        id: "art_1:export.3",
        kind: "table",
        markdown: "The files contain these columns:\n| Column | Meaning |\n|---|---|\n| id | The task id |",
        text: "The files contain these columns:\nColumn | Meaning\nid | The task id",
      },
      {
        id: "art_1:export.4",
        kind: "paragraph",
        markdown: "Exports are emailed when ready.",
        text: "Exports are emailed when ready.",
      },
    ]);
  });

  it("joins a lead-in without a blank line before the list, and a full-width colon", () => {
    expect(pick(split("Do this:\n- one\n- two\n"), "kind", "text")).toEqual([
      { kind: "list", text: "Do this:\none\ntwo" },
    ]);
    expect(pick(split("手順は次のとおりです：\n\n1. 開く\n2. 保存\n"), "kind", "text")).toEqual([
      { kind: "list", text: "手順は次のとおりです：\n開く\n保存" },
    ]);
  });

  it("joins nothing else: a paragraph after a colon, a list across a rule or another section", () => {
    const passages = split(
      "Note:\n\nA paragraph.\n\nSteps:\n\n---\n\n- one\n\n## Next\n\nFirst:\n\n## Other\n\n- two\n",
    );
    expect(pick(passages, "kind", "text")).toEqual([
      { kind: "paragraph", text: "Note:" },
      { kind: "paragraph", text: "A paragraph." },
      { kind: "paragraph", text: "Steps:" },
      { kind: "list", text: "one" },
      { kind: "paragraph", text: "First:" },
      { kind: "list", text: "two" },
    ]);
  });
});

describe("splitPassages: questions", () => {
  const faq = [
    "# Billing FAQ",
    "",
    "Answers to common billing questions.",
    "",
    "## Payments",
    "",
    "### Can I pay by card?",
    "",
    "Yes. We accept Visa, Mastercard and American Express.",
    "",
    "### Can I pay by invoice?",
    "",
    "Yes, on annual plans:",
    "",
    "1. Go to **Billing → Payment method**.",
    "2. Choose **Invoice**.",
    "",
    "#### Invoice terms",
    "",
    "Invoices are due in 30 days.",
    "",
    "### What currencies do you support?",
    "",
    "## Refunds",
    "",
    "Refunds take 5 to 10 days.",
  ].join("\n");

  it("keeps a question heading with its whole answer, nested headings included", () => {
    const passages = split(faq);
    expect(pick(passages, "id", "kind", "headings", "text")).toEqual([
      { id: "art_1:", kind: "paragraph", headings: [], text: "Answers to common billing questions." },
      {
        id: "art_1:can-i-pay-by-card",
        kind: "faq",
        headings: ["Payments", "Can I pay by card?"],
        text: "Can I pay by card?\nYes. We accept Visa, Mastercard and American Express.",
      },
      {
        id: "art_1:can-i-pay-by-invoice",
        kind: "faq",
        headings: ["Payments", "Can I pay by invoice?"],
        text: "Can I pay by invoice?\nYes, on annual plans:\nGo to Billing → Payment method.\nChoose Invoice.\nInvoice terms\nInvoices are due in 30 days.",
      },
      { id: "art_1:refunds", kind: "paragraph", headings: ["Refunds"], text: "Refunds take 5 to 10 days." },
    ]);
    expect(passages[2]!.markdown).toBe(
      "### Can I pay by invoice?\n\nYes, on annual plans:\n\n1. Go to **Billing → Payment method**.\n2. Choose **Invoice**.\n\n#### Invoice terms\n\nInvoices are due in 30 days.",
    );
  });

  it("keeps anchors of headings inside an answer taken", () => {
    const passages = split("## Why?\n\n### Details\n\nBecause.\n\n## Details\n\nMore.\n");
    expect(passages.map((p) => p.id)).toEqual(["art_1:why", "art_1:details-1"]);
  });

  it("reads a question too long for one passage as an ordinary section", () => {
    const long = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} of the answer, ${"long ".repeat(30)}`);
    const passages = split(`## Why is my export slow？\n\n${long.join("\n\n")}\n`);
    expect(passages).toHaveLength(12);
    expect(new Set(passages.map((p) => p.kind))).toEqual(new Set(["paragraph"]));
    expect(passages[0]!.id).toBe("art_1:why-is-my-export-slow");
    expect(passages[1]!.id).toBe("art_1:why-is-my-export-slow.2");
  });

  it("joins a bold question to the passage answering it", () => {
    const passages = split(
      [
        "## FAQ",
        "",
        "**Can I pay by card?**",
        "",
        "Yes, all major cards.",
        "",
        "**How do I change plans?**",
        "",
        "Like this:",
        "",
        "- Open Billing",
        "- Pick a plan",
        "",
        "**Is there a discount?** Yes, 20% for nonprofits.",
        "",
        "**Important:** prices exclude VAT.",
        "",
        "**Any questions?**",
      ].join("\n"),
    );
    expect(pick(passages, "id", "kind", "text")).toEqual([
      { id: "art_1:faq", kind: "faq", text: "Can I pay by card?\nYes, all major cards." },
      {
        id: "art_1:faq.2",
        kind: "faq",
        text: "How do I change plans?\nLike this:\nOpen Billing\nPick a plan",
      },
      { id: "art_1:faq.3", kind: "faq", text: "Is there a discount? Yes, 20% for nonprofits." },
      { id: "art_1:faq.4", kind: "paragraph", text: "Important: prices exclude VAT." },
      { id: "art_1:faq.5", kind: "paragraph", text: "Any questions?" },
    ]);
    expect(passages[0]!.markdown).toBe("**Can I pay by card?**\n\nYes, all major cards.");
  });
});

describe("splitPassages: long blocks", () => {
  const sentence = (i: number) =>
    `Sentence number ${i} explains one more detail about [exports](https://help.example/exports?page=${i}) and **what they contain**. `;

  it("cuts a long paragraph at sentence ends, never inside a link or emphasis", () => {
    const paragraph = Array.from({ length: 60 }, (_, i) => sentence(i))
      .join("")
      .trim();
    const passages = split(`## Exports\n\n${paragraph}\n\nAfter.\n`);
    const pieces = passages.slice(0, -1);
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) {
      expect(p.kind).toBe("paragraph");
      expect(p.markdown.length).toBeLessThanOrEqual(1500);
      expect(p.markdown).toMatch(/^Sentence number \d+ .*\*\*what they contain\*\*\.$/s);
      expect(p.text).not.toMatch(/[*[\]()]/);
    }
    expect(pieces.map((p) => p.markdown).join(" ")).toBe(paragraph);
    expect(pieces.map((p) => p.id)).toEqual(
      pieces.map((_, i) => (i === 0 ? "art_1:exports" : `art_1:exports.${i + 1}`)),
    );
    expect(passages.at(-1)!.text).toBe("After.");
  });

  it("cuts one endless sentence at spaces, and text without spaces at the limit", () => {
    const words = Array.from({ length: 1000 }, (_, i) => `word${i}`).join(" ");
    const pieces = split(words);
    expect(pieces.length).toBeGreaterThan(4);
    for (const p of pieces) expect(p.markdown.length).toBeLessThanOrEqual(1500);
    expect(pieces.map((p) => p.text).join(" ")).toBe(words);

    const blob = "x".repeat(4000);
    expect(split(blob).map((p) => p.markdown.length)).toEqual([1500, 1500, 1000]);
  });

  it("never cuts inside a link longer than the limit", () => {
    const link = `[${"label ".repeat(300).trim()}](https://x.example)`;
    const passages = split(`Before. ${link} after.`);
    expect(passages.some((p) => p.markdown.includes(link))).toBe(true);
  });

  it("cuts a long list between top-level items, keeping nested items with their parent", () => {
    const items = Array.from({ length: 30 }, (_, i) => {
      const indent = " ".repeat(`${i + 1}. `.length);
      return `${i + 1}. Step ${i} does ${"something useful ".repeat(4)}\n${indent}- detail ${i}.a\n${indent}- detail ${i}.b`;
    });
    const list = items.join("\n");
    const passages = split(`## Steps\n\nFollow these steps:\n\n${list}\n`);
    expect(passages.length).toBeGreaterThan(2);
    for (const p of passages) expect(p.kind).toBe("list");
    expect(passages[0]!.markdown.startsWith("Follow these steps:\n\n1. Step 0")).toBe(true);
    for (const p of passages.slice(1)) expect(p.markdown.length).toBeLessThanOrEqual(1500);
    for (const p of passages) expect(p.markdown).toMatch(/detail \d+\.b$/);
    expect(passages.map((p) => p.markdown).join("\n")).toBe(`Follow these steps:\n\n${list}`);
  });
});

describe("splitPassages: robustness", () => {
  // No time limit asserted: the generous timeout only keeps a loaded machine from failing it.
  it("splits a large generated article (over 5 MB) into well-formed passages", { timeout: 120_000 }, () => {
    const section = (i: number) =>
      [
        `## Topic ${i % 97}`,
        "",
        `Paragraph ${i} with **bold**, a [link](https://x.example/${i}) and \`code\`. Another sentence.`,
        "",
        "To do it:",
        "",
        "- first step",
        "  - nested detail",
        "- second step",
        "",
        "| a | b |",
        "|---|---|",
        `| ${i} | value |`,
        "",
        "```",
        "# a comment, not a heading",
        "```",
        "",
        `### Can I repeat ${i}?`,
        "",
        "Yes.",
        "",
      ].join("\n");
    const count = 22_000;
    const body = Array.from({ length: count }, (_, i) => section(i)).join("\n");
    expect(body.length).toBeGreaterThan(5_000_000);
    const passages = split(body);
    expectWellFormed(passages);
    expect(passages).toHaveLength(count * 5);
    expect(passages.slice(0, 5).map((p) => p.kind)).toEqual(["paragraph", "list", "table", "code", "faq"]);
    expect(passages.at(-1)!.id).toBe(`art_1:can-i-repeat-${count - 1}`);
  });

  it("keeps every word of generated articles, with unique ids", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const vocabulary = "alpha beta gamma delta export invoice refund 設定 ключ größe naïve 42 v2".split(" ");
    const words = (n: number) =>
      Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]);
    const sentence = () => `${words(3 + Math.floor(random() * 12)).join(" ")}.`;
    const blocks = [
      () => `## ${words(2).join(" ")}`,
      () => `### ${words(3).join(" ")}?`,
      () => Array.from({ length: 1 + Math.floor(random() * 200) }, sentence).join(" "),
      () => `**${words(4).join(" ")}?**`,
      () => `${sentence().slice(0, -1)}:`,
      () => `- ${sentence()}\n  - *${sentence()}*\n- ${sentence()}`,
      () => `| ${words(1)} | ${words(2).join(" ")} |\n|---|---|\n| ${words(1)} | ${sentence()} |`,
      () => `\`\`\`\n# ${sentence()}\n${sentence()}\n\`\`\``,
      () => `> ${sentence()} **${sentence()}**`,
      () => `<div>${sentence()}</div>`,
    ];
    for (let article = 0; article < 40; article += 1) {
      const body = Array.from({ length: 5 + Math.floor(random() * 40) }, () =>
        blocks[Math.floor(random() * blocks.length)]!(),
      ).join("\n\n");
      const passages = split(body, `art_${article}`);
      expectWellFormed(passages);
      expectNothingLost(body, passages);
    }
  });

  it("splits every demo article", () => {
    const dir = fileURLToPath(new URL("../../demo/content/articles/", import.meta.url));
    const { inputs, failures } = readArticleDir(dir);
    expect(failures).toEqual([]);
    expect(inputs.length).toBeGreaterThan(50);
    for (const article of inputs) {
      const passages = splitPassages({ id: `art_${article.slug}`, title: article.title, body: article.body });
      expect(passages.length, article.slug).toBeGreaterThan(0);
      expectWellFormed(passages);
      expectNothingLost(article.body, passages);
    }
  });
});

describe("passage ids", () => {
  it("are valid ledger ids, whatever the heading's script or length", () => {
    const long = "a".repeat(100);
    const passages = splitPassages({
      id: "art_01J",
      title: "T",
      body: `Intro.\n\n## ログイン方法\n\nText.\n\n## ${long}\n\nText.\n\n## Plain one\n\nA.\n\nB.\n`,
    });
    for (const p of passages) expect(p.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.:/+=-]{0,127}$/);
    expect(passages.map((p) => p.id)).toEqual([
      "art_01J:",
      passageId("art_01J", "ログイン方法", 1),
      passageId("art_01J", long, 1),
      "art_01J:plain-one",
      "art_01J:plain-one.2",
    ]);
    expect(passages[1]?.id).toMatch(/^art_01J:h[0-9a-f]{12}$/);
  });
});
