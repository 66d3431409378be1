import { lexer } from "marked";
import { describe, expect, it } from "vitest";
import { blocksToPlainText, inlineToPlainText, renderPassage } from "./render-passage.js";

const text = (markdown: string) => renderPassage(markdown, "text");

describe("renderPassage", () => {
  it("returns Markdown unchanged for the widget", () => {
    const markdown = "To export:\n\n1. Open **Settings**.\n2. Click [Export](/kb/export).\n\n<div>raw</div>";
    expect(renderPassage(markdown, "markdown")).toBe(markdown);
  });

  it("turns a lead-in and steps into plain lines a reader can follow", () => {
    expect(
      text(
        "To export your data, do this:\n\n1. Open **Settings → Data**.\n2. Click *Export*, then [download it](https://app.example/exports).\n3. Done.",
      ),
    ).toBe(
      "To export your data, do this:\n\n1. Open Settings → Data.\n2. Click Export, then download it (https://app.example/exports).\n3. Done.",
    );
  });

  it("indents nested items under their parent's marker and keeps an ordered list's start", () => {
    const markdown = [
      "3. Choose a method:",
      "   - **Authenticator app**",
      "   - SMS",
      "4. Save your codes",
      "",
      "- [x] Installed",
      "- [ ] Signed in",
      "  1. nested step",
    ].join("\n");
    expect(text(markdown)).toBe(
      [
        "3. Choose a method:",
        "   - Authenticator app",
        "   - SMS",
        "4. Save your codes",
        "",
        "- [x] Installed",
        "- [ ] Signed in",
        "  1. nested step",
      ].join("\n"),
    );
  });

  it("writes each table row as cells joined by ' | '", () => {
    expect(
      text("| Plan | Price |\n|---|--:|\n| **Pro** | `$10` |\n| Team | [ask](mailto:sales@x.example) |"),
    ).toBe("Plan | Price\nPro | $10\nTeam | ask (mailto:sales@x.example)");
  });

  it("keeps code verbatim, # lines and indentation included", () => {
    const code = "# install\nnpm i -g vouch\n\tvouch --help  ";
    expect(text(`Run:\n\n\`\`\`sh\n${code}\n\`\`\``)).toBe(`Run:\n\n${code}`);
    expect(text("- Step:\n\n  ```\n  a\n    b\n  ```")).toBe("- Step:\n  a\n    b");
  });

  it("shows a link's address once: bare URLs and e-mail addresses are not repeated", () => {
    expect(text("See <https://help.example>, www.help.example or help@x.example.")).toBe(
      "See https://help.example, www.help.example or help@x.example.",
    );
    expect(text("A [relative link](/kb/billing) and an ![image](shot.png).")).toBe(
      "A relative link (/kb/billing) and an image.",
    );
  });

  it("keeps a question heading and its answer apart", () => {
    expect(text("### Can I pay by card?\n\nYes. We accept **Visa** and _Mastercard_.")).toBe(
      "Can I pay by card?\n\nYes. We accept Visa and Mastercard.",
    );
  });

  it("reads quotes, HTML, hard breaks and character references as text", () => {
    expect(text("> **Note:** exports\n> expire.")).toBe("Note: exports expire.");
    expect(text('<p align="center">Fast &amp; <b>simple</b></p>\n\n<!-- hidden -->')).toBe("Fast & simple");
    expect(text("Line one  \nLine two\\\nLine three")).toBe("Line one\nLine two\nLine three");
    expect(text("AT&amp;T &lt;3 &#8364;5 &copy;")).toBe("AT&T <3 €5 &copy;");
  });

  it("renders nothing for nothing", () => {
    expect(text("")).toBe("");
    expect(text("\n\n---\n\n<!-- x -->\n")).toBe("");
  });
});

describe("blocksToPlainText and inlineToPlainText", () => {
  it("drop list markers and link targets, one line per item or row", () => {
    expect(
      blocksToPlainText(
        lexer("Intro [link](https://x.example).\n\n1. a\n   - b\n2. c\n\n| x | y |\n|---|---|\n| 1 | 2 |"),
      ),
    ).toBe("Intro link.\na\nb\nc\nx | y\n1 | 2");
  });

  it("read a heading's inline tokens as its text", () => {
    const [heading] = lexer("## Use the `vouch` [CLI](https://x.example) *today*");
    if (heading?.type !== "heading") throw new Error("expected a heading");
    expect(inlineToPlainText(heading.tokens ?? [])).toBe("Use the vouch CLI today");
  });
});
