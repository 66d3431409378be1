import { type Passage, passageId } from "./passage.js";

/** A passage for tests: one paragraph of `sourceId` in section `anchor`. */
export function passageOf(
  sourceId: string,
  anchor: string,
  text: string,
  extra: Partial<Passage> = {},
): Passage {
  return {
    id: passageId(sourceId, anchor, 1),
    sourceId,
    kind: "paragraph",
    anchor,
    headings: anchor ? [anchor.replace(/-/g, " ")] : [],
    markdown: text,
    text,
    position: 0,
    ...extra,
  };
}
