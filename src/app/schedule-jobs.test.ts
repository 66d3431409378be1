import { afterEach, describe, expect, it, vi } from "vitest";
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
  afterEach(() => {
    vi.useRealTimers();
  });

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

  it("starts each run intervalMs after the previous one started, or at once after one that took longer", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const took = [30, 150, 10, 10];
    const starts: number[] = [];
    const job: Job = {
      name: "timed",
      intervalMs: 100,
      run: async () => {
        starts.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, took[starts.length - 1] ?? 10));
        return true;
      },
    };
    const jobs = scheduleJobs([job], quiet);
    await vi.advanceTimersByTimeAsync(400);
    await jobs.stop();
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] ?? Number.NaN));
    expect(gaps).toHaveLength(3);
    // Runs shorter than the interval: the next starts intervalMs after the previous one started.
    expect([gaps[0], gaps[2]]).toEqual([100, 100]);
    // A run of 150 ms: the next starts as it ends (a zero-delay timer fires within 1 ms).
    expect(gaps[1]).toBeGreaterThanOrEqual(150);
    expect(gaps[1]).toBeLessThanOrEqual(151);
  });
});
