import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { isVouchError } from "../shared/errors.js";
import { createContractChecker } from "./contract-checker.js";
import { hostileYaml } from "./test-support/hostile-yaml.js";

const CAREFUL = readFileSync("examples/contracts/careful-buyer.yaml", "utf8");
const DEEP = hostileYaml.flowNesting(200_000);

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: unknown) => (isVouchError(e) ? e.code : String(e)),
  );

describe("createContractChecker under vitest (TypeScript sources)", () => {
  it("checks on the calling thread, with the same answers", async () => {
    const checker = createContractChecker();
    expect(checker.inThread).toBe(true);
    expect((await checker.validate(CAREFUL)).valid).toBe(true);
    expect(await codeOf(checker.validate(DEEP))).toBe("CONTRACT_TOO_COMPLEX");
    expect(await codeOf(checker.assertValid(CAREFUL))).toBe("resolved");
    const invalid = await checker.assertValid("apiVersion: vouch/v1\n").catch((e: unknown) => e);
    expect(isVouchError(invalid) && invalid.code).toBe("CONTRACT_INVALID");
    expect(isVouchError(invalid) && (invalid.details as { problems: unknown[] }).problems).toEqual([
      expect.objectContaining({ code: "missing-key", path: "kind", line: 1 }),
      expect.objectContaining({ code: "missing-key", path: "metadata", line: 1 }),
    ]);
    await checker.close();
  });
});

// The worker needs the compiled package: Node 20 cannot start a worker from a .ts file. `npm test`
// builds dist first (pretest); a bare `vitest run` without a build skips this part.
const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const distIndex = join(root, "dist/contract/index.js");
const haveDist = existsSync(distIndex) && existsSync(join(root, "dist/contract/check-contract-task.js"));

describe.skipIf(!haveDist)("createContractChecker from dist (worker thread)", () => {
  it("checks on a worker while the event loop runs, refuses what is too complex or over budget, and lets the process exit", () => {
    const dir = mkdtempSync(join(tmpdir(), "vouch-checker-"));
    try {
      const script = join(dir, "check.mjs");
      writeFileSync(
        script,
        `
        const C = await import(${JSON.stringify(pathToFileURL(distIndex).href)});
        const careful = ${JSON.stringify(CAREFUL)};
        const deep = "[".repeat(100000) + "]".repeat(100000);
        const code = (p) => p.then(() => "resolved", (e) => e.code ?? String(e));
        const checker = C.createContractChecker();
        let turns = 0;
        const tick = setInterval(() => turns++, 0);
        const valid = await checker.validate(careful);
        clearInterval(tick);
        const tooComplex = await code(checker.validate(deep));
        const invalid = await checker.assertValid("apiVersion: vouch/v1\\n").then(() => null, (e) => [e.code, e.details.problems.map((p) => p.path)]);
        const after = (await checker.validate(careful)).valid;
        const hurried = C.createContractChecker({ budgetMs: 0 });
        const overBudget = await code(hurried.validate(careful));
        const recovered = (await checker.validate(careful)).valid;
        await checker.close();
        console.log(JSON.stringify({ inThread: checker.inThread, valid: valid.valid, loopRan: turns > 0, tooComplex, invalid, after, overBudget, recovered }));
        `,
      );
      // No explicit exit: the idle pool of `hurried` is never closed, and must not keep the process alive.
      const r = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        inThread: false,
        valid: true,
        loopRan: true,
        tooComplex: "CONTRACT_TOO_COMPLEX",
        invalid: ["CONTRACT_INVALID", ["kind", "metadata"]],
        after: true,
        overBudget: "CONTRACT_TOO_COMPLEX",
        recovered: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
