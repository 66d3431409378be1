import { describe, expect, it } from "vitest";
import { buildTrainingSet } from "./build-training-set.js";
import { passageOf } from "./retrieval/test-support.js";

describe("training set", () => {
  it("learns titles, questions, headings, passage openings and approved examples; drops orphans", () => {
    const examples = buildTrainingSet(
      [
        {
          id: "art_1",
          slug: "s",
          title: "Reset your password",
          body: "# Reset your password\n\nUse the reset link.\n\n## Steps\n\n1. Open sign-in.",
          questions: ["forgot password"],
        },
      ],
      [{ id: "ans_1", title: "data retention", body: "30 days" }],
      [
        { text: "how long do you keep deleted projects", label: "ans_1" },
        { text: "orphan", label: "art_gone" },
      ],
      [
        passageOf("art_1", "", "Use the reset link."),
        passageOf("art_1", "steps", `Open sign-in. ${"More words. ".repeat(40)}`),
        passageOf("ans_1", "", "30 days", { kind: "learned" }),
        passageOf("art_gone", "", "An archived article's passage."),
      ],
    );
    expect(examples.slice(0, 3)).toEqual([
      { text: "Reset your password", label: "art_1" },
      { text: "forgot password", label: "art_1" },
      { text: "Steps", label: "art_1", weight: 0.5 },
    ]);
    expect(examples.slice(3, 6)).toEqual([
      { text: "data retention", label: "ans_1" },
      { text: "Use the reset link.", label: "art_1", weight: 0.3 },
      expect.objectContaining({ label: "art_1", weight: 0.3 }),
    ]);
    // A passage teaches its opening only.
    expect(examples[5]?.text.length).toBeLessThanOrEqual(300);
    expect(examples.slice(6)).toEqual([{ text: "how long do you keep deleted projects", label: "ans_1" }]);
  });

  it("learns from at most 1,000 passages, every article's first ones first", () => {
    const articles = ["art_a", "art_b", "art_c"].map((id) => ({
      id,
      slug: id,
      title: id,
      body: "",
      questions: [],
    }));
    // art_a has 900 passages, art_b 300, art_c 2: 1,202 in all.
    const passages = [
      ...Array.from({ length: 900 }, (_, i) => passageOf("art_a", `s${i}`, `a passage ${i}`)),
      ...Array.from({ length: 300 }, (_, i) => passageOf("art_b", `s${i}`, `b passage ${i}`)),
      ...Array.from({ length: 2 }, (_, i) => passageOf("art_c", `s${i}`, `c passage ${i}`)),
    ];
    const taught = buildTrainingSet(articles, [], [], passages).filter((e) => e.weight === 0.3);
    expect(taught).toHaveLength(1000);
    const count = (label: string) => taught.filter((e) => e.label === label).length;
    expect([count("art_a"), count("art_b"), count("art_c")]).toEqual([698, 300, 2]);
    expect(taught.slice(0, 3).map((e) => e.label)).toEqual(["art_a", "art_b", "art_c"]);
  });
});
