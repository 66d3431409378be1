import { describe, expect, it } from "vitest";
import { answerWindow } from "./answer-window.js";
import type { Passage } from "./passage.js";
import { splitPassages } from "./split-passages.js";

const article = splitPassages({
  id: "art_export",
  title: "Export your data",
  body: [
    "# Export your data",
    "",
    "You can export a project or the whole workspace.",
    "",
    "## Export a project",
    "",
    "Exports include tasks and comments.",
    "",
    "1. Open the project.",
    "2. Choose **⋯ → Export**.",
    "",
    "Large projects are emailed to you.",
    "",
    "## Export the workspace",
    "",
    "To export everything, do this:",
    "",
    "1. Go to **Settings → Data → Export**.",
    "2. Click **Start export**.",
    "",
    "The link expires after 7 days.",
    "",
    "## Limits",
    "",
    `Exports are limited in size. ${"Each export may contain many files and takes a while to prepare. ".repeat(4)}`,
    "",
    "| Plan | Rows |",
    "|---|---|",
    "| Free | 1,000 |",
  ].join("\n"),
});

const byId = (id: string) => {
  const passage = article.find((p) => p.id === id);
  if (!passage) throw new Error(`no passage ${id}`);
  return passage;
};
const ids = (passages: readonly Passage[]) => passages.map((p) => p.id);

describe("answerWindow", () => {
  it("adds the passage after a short paragraph of the same section", () => {
    expect(ids(answerWindow(article, byId("art_export:export-a-project")))).toEqual([
      "art_export:export-a-project",
      "art_export:export-a-project.2",
    ]);
  });

  it("adds the paragraph before a list that has no lead-in of its own", () => {
    expect(ids(answerWindow(article, byId("art_export:export-a-project.2")))).toEqual([
      "art_export:export-a-project",
      "art_export:export-a-project.2",
    ]);
  });

  it("quotes a list that already has its lead-in alone", () => {
    const hit = byId("art_export:export-the-workspace");
    expect(hit.kind).toBe("list");
    expect(ids(answerWindow(article, hit))).toEqual(["art_export:export-the-workspace"]);
  });

  it("never reaches into another section", () => {
    // The last passage of its section: the next one belongs to "Export the workspace".
    expect(ids(answerWindow(article, byId("art_export:export-a-project.3")))).toEqual([
      "art_export:export-a-project.3",
    ]);
    // The first passage of the article: the next one is under a heading.
    expect(ids(answerWindow(article, byId("art_export:")))).toEqual(["art_export:"]);
  });

  it("leaves out a neighbour that does not fit, and quotes a long hit alone", () => {
    const table = byId("art_export:limits.2");
    expect(ids(answerWindow(article, table))).toEqual(["art_export:limits", "art_export:limits.2"]);
    expect(ids(answerWindow(article, table, 200))).toEqual(["art_export:limits.2"]);
    expect(ids(answerWindow(article, byId("art_export:limits"), 10))).toEqual(["art_export:limits"]);
  });

  it("keeps a long paragraph and other kinds to themselves", () => {
    const long = byId("art_export:limits");
    expect(long.text.length).toBeGreaterThanOrEqual(200);
    expect(ids(answerWindow(article, long))).toEqual(["art_export:limits"]);
  });

  it("looks for neighbours only in the hit's own source", () => {
    const other = splitPassages({
      id: "art_other",
      title: "Other",
      body: "## Export a project\n\nShort.\n\nMore.",
    });
    const hit = byId("art_export:export-a-project.3");
    expect(ids(answerWindow([...other, ...article], hit))).toEqual(["art_export:export-a-project.3"]);
    expect(ids(answerWindow([...article, ...other], other[0]!))).toEqual([
      "art_other:export-a-project",
      "art_other:export-a-project.2",
    ]);
  });

  it("quotes a hit missing from the list alone", () => {
    const learned: Passage = {
      id: "ex_1:",
      sourceId: "ex_1",
      kind: "learned",
      anchor: "",
      headings: [],
      markdown: "Yes.",
      text: "Yes.",
      position: 0,
    };
    expect(answerWindow(article, learned)).toEqual([learned]);
  });
});
