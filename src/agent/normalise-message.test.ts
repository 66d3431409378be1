import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARS, normaliseMessage } from "./normalise-message.js";

describe("normaliseMessage", () => {
  it("folds space, strips control and zero-width characters, composes Unicode", () => {
    expect(normaliseMessage("  he\u0000llo\u200b   wor\tld \r\n\r\n\r\n\r\nok ")).toBe("hello wor ld \n\nok");
    expect(normaliseMessage("e\u0301")).toBe("é");
    expect(MAX_MESSAGE_CHARS).toBe(8000);
  });
});
