import type { Command } from "commander";
import { type AnswerPreview, previewAnswer } from "../../conversations/index.js";
import { VouchError } from "../../shared/errors.js";
import { resolveTenant } from "../../tenants/index.js";
import { action, formatTable, printJson, printLine, progress } from "../output.js";
import { withRuntime } from "../runtime.js";

export function registerAsk(program: Command): void {
  program
    .command("ask <question>")
    .description(
      "Show what the agent would answer to a question as a customer's first message, from the tenant's knowledge and contract in force. Stores nothing",
    )
    .option("-t, --tenant <id|slug>", "tenant (default: the only one)")
    .option("--explain", "print the ranking: every passage weighed, with its lexical and learned evidence")
    .option("--top <n>", "passages to show with --explain", "5")
    .option("--channel <name>", "the conversation's channel (email, sms and voice get plain text)", "api")
    .option("--json", "print the preview as JSON (always with the ranking)")
    .addHelpText(
      "after",
      '\nExamples:\n  vouch ask "can I pay by PayPal?"\n  vouch ask --explain --top 10 "how do I export my projects"',
    )
    .action(
      action(
        async (
          question: string,
          o: { tenant?: string; explain?: boolean; top: string; channel: string; json?: boolean },
        ) => {
          const top = Number(o.top);
          if (!Number.isInteger(top) || top < 1 || top > 100) {
            throw new VouchError("VALIDATION_FAILED", "--top must be a whole number from 1 to 100");
          }
          await withRuntime(async (rt) => {
            const tenant = await resolveTenant(rt.deps, o.tenant);
            progress(`preparing the agent of ${tenant.slug}`, o.json);
            const preview = await previewAnswer(rt.deps, {
              tenantId: tenant.id,
              question,
              channel: o.channel,
              top,
            });
            if (o.json) printJson(jsonOf(preview));
            else printPreview(preview, o.explain === true);
          });
        },
      ),
    );
}

const fixed = (x: number, digits = 2) => x.toFixed(digits);

function jsonOf(p: AnswerPreview) {
  const { explanation, ...rest } = p;
  return {
    ...rest,
    ranking: explanation.ranked.map((r, i) => ({
      rank: i + 1,
      passageId: r.passage.id,
      sourceId: r.passage.sourceId,
      section: r.passage.headings.at(-1) ?? null,
      fused: r.fused,
      lexical: r.lexical,
      coverage: r.coverage,
      uncovered: r.uncovered,
      learned: r.learned,
    })),
    resolver: explanation.resolver,
    signals: explanation.signals,
  };
}

function printPreview(p: AnswerPreview, explain: boolean): void {
  const verdict =
    p.action === "answer" ? "answer" : p.action === "escalate" ? "escalate to a person" : "reply";
  printLine(
    `${verdict} (${p.reason}) · confidence ${fixed(p.confidence)}, threshold ${fixed(p.threshold)} · agent ${p.agentVersion}`,
  );
  if (p.answerId) printLine(`passage ${p.answerId}`);
  printLine();
  printLine(p.reply);
  if (!explain) return;
  printLine();
  const e = p.explanation;
  if (e.ranked.length === 0) {
    printLine("no passage matched and the learned resolver ranked nothing");
    return;
  }
  printLine(
    formatTable(
      ["#", "passage", "section", "fused", "lexical", "coverage", "learned"],
      e.ranked.map((r, i) => [
        i + 1,
        r.passage.id,
        r.passage.headings.at(-1) ?? "(top)",
        fixed(r.fused),
        fixed(r.lexical),
        fixed(r.coverage),
        fixed(r.learned),
      ]),
    ),
  );
  const learnedTop = e.resolver.candidates[0];
  printLine();
  printLine(
    `learned resolver: ${learnedTop ? `${learnedTop.label} ${fixed(learnedTop.score)}, its confidence ${fixed(e.resolver.confidence)}` : "nothing ranked"}`,
  );
  printLine(
    `fused confidence ${fixed(e.confidence, 3)} from [rank logit, margin, coverage, learned agreement, both agree, uncovered] = [${e.signals.map((s) => fixed(s)).join(", ")}]`,
  );
}
