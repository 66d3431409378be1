import { describe, expect, it } from "vitest";
import { buildTrainingSet } from "./build-training-set.js";

describe("training set", () => {
  it("learns titles, questions, half-weight headings and approved examples; drops orphans", () => {
    const { examples, answers } = buildTrainingSet(
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
    );
    expect(examples).toEqual([
      { text: "Reset your password", label: "art_1" },
      { text: "forgot password", label: "art_1" },
      { text: "Steps", label: "art_1", weight: 0.5 },
      { text: "data retention", label: "ans_1" },
      { text: "how long do you keep deleted projects", label: "ans_1" },
    ]);
    expect([...answers.keys()]).toEqual(["art_1", "ans_1"]);
  });
});
