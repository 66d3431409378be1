import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { isVouchError } from "../../shared/errors.js";
import { createWorkerTrainer, workerExecArgv } from "./create-worker-trainer.js";
import { HELD_OUT, trainingExamples } from "./test-support/support-intents.js";
import { trainResolver } from "./train-resolver.js";

describe("createWorkerTrainer under vitest (TypeScript sources)", () => {
  it("falls back to training in-thread, with the same models, in order", async () => {
    const trainer = createWorkerTrainer();
    expect(trainer.inThread).toBe(true);
    const [a, b] = await Promise.all([trainer.train(trainingExamples()), trainer.train(trainingExamples(3))]);
    expect(a.digest).toBe(trainResolver(trainingExamples()).digest);
    expect(b.digest).toBe(trainResolver(trainingExamples(3)).digest);
    const [text] = HELD_OUT[0] ?? ["refund"];
    expect(a.resolve(text)).toEqual(trainResolver(trainingExamples()).resolve(text));
    await trainer.close();
  });

  it("rejects on a training error, keeps working, and rejects after close", async () => {
    const trainer = createWorkerTrainer();
    const bad = await trainer.train([{ text: "x", label: "a", weight: -1 }]).catch((e: unknown) => e);
    expect(isVouchError(bad) && bad.code).toBe("VALIDATION_FAILED");
    expect((await trainer.train(trainingExamples(1))).digest).toBe(trainResolver(trainingExamples(1)).digest);
    await trainer.close();
    await expect(trainer.train(trainingExamples(1))).rejects.toThrow(/closed/);
  });
});

// The worker needs the compiled package: Node 20 cannot start a worker from a .ts file. `npm test`
// builds dist first (pretest); a bare `vitest run` without a build skips this part.
const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const distIndex = join(root, "dist/agent/resolver/index.js");
const distWorker = join(root, "dist/agent/resolver/train-worker.js");
const haveDist = existsSync(distIndex) && existsSync(distWorker);

describe.skipIf(!haveDist)("createWorkerTrainer from dist (worker thread)", () => {
  it("trains in a worker, matches in-thread training, rejects errors, and lets the process exit", () => {
    const script = `
      const R = await import(${JSON.stringify(pathToFileURL(distIndex).href)});
      const examples = ${JSON.stringify(trainingExamples())};
      const trainer = R.createWorkerTrainer();
      let turns = 0;
      const tick = setInterval(() => turns++, 0);
      const [m, n] = await Promise.all([trainer.train(examples), trainer.train(examples, { seed: 7 })]);
      clearInterval(tick);
      const direct = R.trainResolver(examples);
      const error = await trainer.train([{ text: "x", label: "a", weight: -1 }]).then(() => null, (e) => e.code);
      const after = await trainer.train(examples.slice(0, 8));
      console.log(JSON.stringify({
        inThread: trainer.inThread,
        same: m.digest === direct.digest,
        seeded: n.digest !== m.digest,
        outputs: examples.every((e) => JSON.stringify(m.resolve(e.text)) === JSON.stringify(direct.resolve(e.text))),
        error,
        after: after.labelCount,
        loopRan: turns > 0,
      }));
      // No close(): the idle worker is unref'd and must not keep this process alive.
    `;
    // --input-type and -e must not reach the worker; --expose-gc makes the filtered list invalid for a
    // worker, so this also covers starting it without options.
    const run = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.error).toBeUndefined();
    expect(run.signal, run.stderr).toBeNull();
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
    expect(out).toEqual({
      inThread: false,
      same: true,
      seeded: true,
      outputs: true,
      error: "VALIDATION_FAILED",
      after: expect.any(Number),
      loopRan: true,
    });
  });
});

if (!haveDist) {
  console.warn(`createWorkerTrainer worker test skipped: ${distWorker} missing (run npm run build first)`);
}

describe("workerExecArgv", () => {
  it("drops the parent's entry-script options and keeps the rest", () => {
    expect(
      workerExecArgv(["--input-type=module", "--enable-source-maps", "-e", "code", "--expose-gc", "-p", "1"]),
    ).toEqual(["--enable-source-maps", "--expose-gc"]);
    expect(workerExecArgv(["--input-type", "module", "--eval=x", "--max-old-space-size=512"])).toEqual([
      "--max-old-space-size=512",
    ]);
  });
});
