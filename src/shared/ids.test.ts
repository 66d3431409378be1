import { describe, expect, it } from "vitest";
import { isId, newId } from "./ids.js";

describe("ids", () => {
  it("carry their prefix, sort by time and do not repeat", () => {
    const a = newId("conversation", 1_000);
    const b = newId("conversation", 2_000);
    expect(a).toMatch(/^conv_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isId("conversation", a)).toBe(true);
    expect(isId("message", a)).toBe(false);
    expect(a < b).toBe(true);
    const many = new Set(Array.from({ length: 20_000 }, () => newId("message", 5)));
    expect(many.size).toBe(20_000);
  });
});
