/** Longest customer message the agent accepts, in characters after normalisation. */
export const MAX_MESSAGE_CHARS = 8000;

/**
 * Canonical form of customer text before anything looks at it: Unicode NFC, control characters removed
 * (except newlines and tabs), runs of blank space folded, trimmed. Stored messages keep this form.
 */
export function normaliseMessage(text: string): string {
  return (
    text
      .normalize("NFC")
      .replace(/\r\n?/g, "\n")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\uFEFF]/g, "")
      .replace(/[ \t\u00A0]+/g, " ")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}
