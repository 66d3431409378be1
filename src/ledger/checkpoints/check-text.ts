/**
 * Whether a text holds an ASCII control character (U+0000–U+001F, U+007F), optionally allowing newline.
 * Signed texts must not: a control character lets a text display differently from the bytes signed.
 */
export function hasControlCharacter(text: string, allowNewline = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && !(allowNewline && c === 0x0a)) return true;
  }
  return false;
}
