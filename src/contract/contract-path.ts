/**
 * Paths into a contract document, as segments (`["sla", "objectives", 2, "floor"]`) and as the text people
 * read in messages and tools (`sla.objectives[2].floor`).
 */

/** One step into a document: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** A path into a document, from the root. */
export type ContractPath = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Formats a path the way people write it: `sla.objectives[2].floor`; odd keys as `["a.b"]`. */
export function formatPath(path: ContractPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Converts a JSON Pointer (`/sla/objectives/2/floor`) to segments; numeric tokens become indexes. */
export function pointerToPath(pointer: string): ContractPath {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((token) => (/^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : token));
}
