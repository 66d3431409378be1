/** The part of a pino logger the jobs use. */
export interface JobLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** One background job: its name (in logs and metrics), how often it runs, and one run. */
export interface Job {
  readonly name: string;
  readonly intervalMs: number;
  /**
   * One run. Resolves false when part of it failed (the job logs what); a rejection is a failed run,
   * logged by the scheduler.
   */
  run(): Promise<boolean>;
}

/** Told the result of every run (metrics). */
export type JobRunObserver = (job: string, ok: boolean) => void;

export interface ScheduledJobs {
  /** Start no further run, and resolve once the runs in flight have finished. */
  stop(): Promise<void>;
}

/**
 * Run each job at once, then every `intervalMs` from the start of its previous run, never two runs of one
 * job at a time (a run longer than the interval is followed at once by the next). The pending timers keep
 * the process alive until `stop`: a process whose only work is its jobs (`vouch worker`) runs until it is
 * told to stop. `stop` lets a run in progress finish, so a shutdown never cuts a job halfway.
 */
export function scheduleJobs(
  jobs: readonly Job[],
  log: JobLogger,
  observe: JobRunObserver = () => {},
): ScheduledJobs {
  const schedules = jobs.map((job) => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    const runOnce = async () => {
      let ok = false;
      try {
        ok = await job.run();
      } catch (err) {
        log.error({ err, job: job.name }, `${job.name} job failed`);
      }
      observe(job.name, ok);
    };
    const tick = () => {
      const started = performance.now();
      running = runOnce().finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, Math.max(0, job.intervalMs - (performance.now() - started)));
      });
    };
    tick();
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    };
  });
  return {
    stop: async () => {
      await Promise.all(schedules.map((stop) => stop()));
    },
  };
}
