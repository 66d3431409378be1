/**
 * Hostile YAML documents for the tests of the reader's limits (YAML_LIMITS): each is about `size`
 * characters and costs the unbounded yaml package seconds, a stack overflow or exponential memory.
 */
export const hostileYaml = {
  /** `[[[…]]]`: nesting the composer recurses into. */
  flowNesting: (size: number): string => `${"[".repeat(size / 2)}${"]".repeat(size / 2)}`,
  /** `k:` on lines indented one more each time. */
  blockNesting: (size: number): string => {
    let text = "";
    for (let i = 0; text.length + i + 3 < size; i++) text += `${" ".repeat(i)}k:\n`;
    return text;
  },
  /** `- - - … x`: block sequences nested on one line. */
  compactNesting: (size: number): string => `${"- ".repeat(size / 2 - 1)}x`,
  /** Ten levels of anchors, each aliasing the one before nine times: 10^10 values once expanded. */
  billionLaughs: (): string =>
    Array.from({ length: 10 }, (_, i) =>
      i === 0
        ? "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
        : `a${i}: &a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(", ")}]`,
    ).join("\n"),
  /** `[1,1,1,…]`: as many values as the size allows. */
  hugeSequence: (size: number): string => `[${"1,".repeat(size / 2 - 2)}1]`,
};
