import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * WAL checkpoints on their own thread. SQLite's automatic checkpoint runs inside whichever commit crosses
 * the threshold and fsyncs there, on the event loop: with slow fsync it made every ~60th request pay
 * milliseconds and tripled the mean commit cost. Here the request connection has `wal_autocheckpoint = 0`
 * and a worker thread with its own connection runs PASSIVE checkpoints on an interval (they never block
 * writers), and a TRUNCATE checkpoint on stop so the WAL does not outlive the process.
 *
 * The worker's code is inline (`eval`) so it runs the same from TypeScript sources under the test runner
 * and from the compiled package.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
const checkpoint = (mode) => { try { db.pragma("wal_checkpoint(" + mode + ")"); } catch (e) { parentPort.postMessage({ error: String(e) }); } };
const timer = setInterval(() => checkpoint("PASSIVE"), workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  checkpoint("TRUNCATE");
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 250): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  worker.unref();
  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once("exit", done);
        worker.on("message", (m: { stopped?: boolean }) => {
          if (m.stopped) void worker.terminate().then(done, done);
        });
        worker.postMessage("stop");
      });
      return stopping;
    },
  };
}
