import { describe, expect, it } from "vitest";
import { type Job, scheduleJobs } from "./schedule-jobs.js";

const quiet = { info: () => {}, error: () => {} };
const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A promise and the function that resolves it. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("scheduleJobs", () => {
  it("stop waits for the run in progress to finish, and no run starts after it", async () => {
    const release = gate();
    let runs = 0;
    let finished = 0;
    const job: Job = {
      name: "slow",
      intervalMs: 0,
      run: async () => {
        runs++;
        await release.opened;
        finished++;
        return true;
      },
    };
    const jobs = scheduleJobs([job], quiet);
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = jobs.stop().then(() => {
      stopped = true;
    });
    await turn();
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(finished).toBe(1);
    for (let i = 0; i < 5; i++) await turn();
    expect(runs).toBe(1);
  });

  it("runs a job again after each run, one at a time, and reports every result; a throw is logged", async () => {
    const results: [string, boolean][] = [];
    const errors: string[] = [];
    const enough = gate();
    let active = 0;
    let most = 0;
    let n = 0;
    const job: Job = {
      name: "flaky",
      intervalMs: 0,
      run: async () => {
        most = Math.max(most, ++active);
        await turn();
        active--;
        n++;
        if (n === 4) enough.open();
        if (n === 2) throw new Error("boom");
        return n !== 3;
      },
    };
    const jobs = scheduleJobs([job], { info: () => {}, error: (_o, msg) => errors.push(msg) }, (name, ok) =>
      results.push([name, ok]),
    );
    await enough.opened;
    await jobs.stop();
    expect(most).toBe(1);
    expect(results.slice(0, 4)).toEqual([
      ["flaky", true],
      ["flaky", false],
      ["flaky", false],
      ["flaky", true],
    ]);
    expect(errors).toEqual(["flaky job failed"]);
  });
});
