import type { ContractChange, ContractDiff } from "./diff-contracts.js";
import type { Finding } from "./lint-contract.js";

const MARK: Record<ContractChange["kind"], string> = { added: "+", removed: "-", changed: "~" };

/**
 * The redline as text: changes grouped by section (`~` changed, `+` added, `-` removed, with the
 * direction for the buyer), then the findings the new version adds and those it resolves.
 */
export function formatDiffText(diff: ContractDiff, oldFile: string, newFile: string): string {
  const lines: string[] = [];
  if (diff.changes.length === 0) lines.push("no semantic changes");
  for (const { section, changes } of diff.sections) {
    lines.push(`${section}:`);
    for (const c of changes) {
      const file = c.kind === "removed" ? oldFile : newFile;
      const where = c.line !== undefined ? `${file}:${c.line}:${c.column ?? 1}` : c.path;
      // An incomparable change says why in its summary.
      const direction =
        c.direction === "neutral" || c.direction === "incomparable" ? "" : ` (${c.direction} for you)`;
      lines.push(`  ${MARK[c.kind]} ${c.summary}${direction}  [${c.path || section}] ${where}`);
    }
  }
  const findings = (title: string, list: readonly Finding[], file: string) => {
    if (list.length === 0) return;
    lines.push("", `${title} (${list.length}):`);
    for (const f of list)
      lines.push(`  ${file}:${f.line ?? 1}:${f.column ?? 1} ${f.severity} ${f.ruleId} ${f.message}`);
  };
  findings("Findings added by the new version", diff.findingsAdded, newFile);
  findings("Findings resolved by the new version", diff.findingsRemoved, oldFile);
  const worse = diff.changes.filter((c) => c.direction === "worse").length;
  const better = diff.changes.filter((c) => c.direction === "better").length;
  const incomparable = diff.changes.filter((c) => c.direction === "incomparable").length;
  lines.push(
    "",
    `${diff.changes.length} change(s): ${worse} worse, ${better} better for you${incomparable > 0 ? `, ${incomparable} not comparable` : ""}; findings +${diff.findingsAdded.length} -${diff.findingsRemoved.length}`,
  );
  return lines.join("\n");
}
