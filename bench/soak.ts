import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { DEFAULT_SQLITE_WAL_LIMIT_BYTES } from "../src/store/index.js";
import {
  assertLoadServed,
  type BenchSection,
  fmt,
  LOAD_FROM_ONE_ADDRESS,
  machine,
  readJson,
  startVouch,
  stop,
} from "./support.js";
import { questions } from "./throughput.js";

const SECONDS = Number(process.env.VOUCH_SOAK_SECONDS ?? 600);
const CONNECTIONS = Number(process.env.VOUCH_BENCH_CONNECTIONS ?? 64);
const SAMPLE_SECONDS = 10;
/** The first samples, before the store's caches and the process's heap reach their working size. */
const WARM_UP_SECONDS = Math.min(60, SECONDS / 5);
/** The soak runs with the default VOUCH_SQLITE_WAL_LIMIT_MB. */
const WAL_LIMIT_BYTES = DEFAULT_SQLITE_WAL_LIMIT_BYTES;

interface Sample {
  /** Seconds since the load started. */
  readonly t: number;
  /** Messages answered 2xx per second over the sample's interval. */
  readonly rate: number;
  readonly walBytes: number;
  /** Largest WAL file seen since the previous sample (checked every 100 ms). */
  readonly walPeakBytes: number;
  readonly rssBytes: number;
}

const MiB = (bytes: number) => bytes / 2 ** 20;

const fileSize = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;

/** Resident set size of a process, from ps (Linux and macOS), in bytes. */
function rss(pid: number): number {
  return Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" }).trim()) * 1024;
}

/** A one-line chart of `values`, lowest ▁ to highest █ (scaled from zero, so a flat series reads flat). */
function sparkline(values: readonly number[]): string {
  const bars = "▁▂▃▄▅▆▇█";
  const top = Math.max(...values, Number.MIN_VALUE);
  return values.map((v) => bars[Math.min(bars.length - 1, Math.floor((v / top) * bars.length))]).join("");
}

/**
 * `vouch start` on the embedded store, driven at its maximum message rate for VOUCH_SOAK_SECONDS (default
 * 600), with the WAL file's size and the server's RSS sampled every 10 s: both must level off after the
 * warm-up, not grow with the messages stored.
 */
export async function run(): Promise<BenchSection> {
  const dataDir = mkdtempSync(join(tmpdir(), "vouch-soak-"));
  const wal = join(dataDir, "vouch.db-wal");
  const qs = questions();
  try {
    const { child, output } = await startVouch(
      ["start", "--port", "0"],
      { VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: "warn", VOUCH_JOBS: "on", ...LOAD_FROM_ONE_ADDRESS },
      /Vouch is serving .* at http:\/\/\S+/,
    );
    try {
      const url = /Vouch is serving .* at (http:\/\/\S+)/.exec(output())?.[1] ?? "";
      const pid = child.pid ?? 0;
      const keys = readJson<{ widget: string }>(join(dataDir, "demo-keys.json"));
      let i = 0;
      const next = () => JSON.stringify({ content: qs[i++ % qs.length] });
      const samples: Sample[] = [];
      let ok = 0;
      let okAtSample = 0;
      let walPeak = 0;
      let walPeakAll = 0;
      const started = performance.now();
      let lastSample = started;
      const peakTimer = setInterval(() => {
        walPeak = Math.max(walPeak, fileSize(wal));
      }, 100);
      const sampleTimer = setInterval(() => {
        const now = performance.now();
        const walBytes = fileSize(wal);
        walPeak = Math.max(walPeak, walBytes);
        walPeakAll = Math.max(walPeakAll, walPeak);
        samples.push({
          t: Math.round((now - started) / 1000),
          rate: (ok - okAtSample) / ((now - lastSample) / 1000),
          walBytes,
          walPeakBytes: walPeak,
          rssBytes: rss(pid),
        });
        process.stderr.write(
          `   soak ${samples.at(-1)?.t} s: ${fmt((ok - okAtSample) / ((now - lastSample) / 1000))} msg/s, WAL ${fmt(MiB(walBytes), 1)} MiB (peak ${fmt(MiB(walPeak), 1)}), RSS ${fmt(MiB(samples.at(-1)?.rssBytes ?? 0))} MiB\n`,
        );
        okAtSample = ok;
        lastSample = now;
        walPeak = 0;
      }, SAMPLE_SECONDS * 1000);
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const load = autocannon(
          {
            url: `${url}/v1/conversations`,
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${keys.widget}` },
            connections: CONNECTIONS,
            duration: SECONDS,
            requests: [{ setupRequest: (r) => ({ ...r, body: next() }) }],
          },
          (err, r) => (err ? reject(err) : resolve(r)),
        );
        load.on("response", (_client, statusCode) => {
          if (statusCode >= 200 && statusCode < 300) ok++;
        });
      });
      clearInterval(sampleTimer);
      clearInterval(peakTimer);
      assertLoadServed("soak", result);
      await stop(child);
      const walAfterStop = fileSize(wal);

      const settled = samples.filter((s) => s.t > WARM_UP_SECONDS);
      const walMaxSettled = Math.max(0, ...settled.map((s) => s.walPeakBytes));
      const rssMin = Math.min(...settled.map((s) => s.rssBytes));
      const rssMax = Math.max(0, ...settled.map((s) => s.rssBytes));
      // RSS moves with every collection: compare the means of the first and the last third after warm-up.
      const third = Math.max(1, Math.floor(settled.length / 3));
      const meanRss = (xs: readonly Sample[]) =>
        xs.reduce((a, s) => a + s.rssBytes, 0) / Math.max(1, xs.length);
      const rssEarly = meanRss(settled.slice(0, third));
      const rssLate = meanRss(settled.slice(-third));
      const rssGrowth = rssEarly > 0 ? rssLate / rssEarly - 1 : 0;
      const growth = `${rssGrowth >= 0 ? "+" : ""}${fmt(rssGrowth * 100, 1)}%`;
      const json = {
        machine: machine(),
        seconds: SECONDS,
        connections: CONNECTIONS,
        warmUpSeconds: WARM_UP_SECONDS,
        walLimitBytes: WAL_LIMIT_BYTES,
        messages: ok,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        rps: result.requests.average,
        walPeakBytes: walPeakAll,
        walAfterStopBytes: walAfterStop,
        samples,
      };
      const markdown = [
        `Method: \`npm run bench\` starts \`vouch start\` (embedded SQLite store, demo tenant, background jobs on, the default \`VOUCH_SQLITE_WAL_LIMIT_MB\` of ${fmt(MiB(WAL_LIMIT_BYTES))})`,
        `and drives \`POST /v1/conversations\` at its maximum rate with autocannon (${CONNECTIONS} connections) for ${fmt(SECONDS)} s, as the throughput section does;`,
        `every ${SAMPLE_SECONDS} s it records the WAL file's size (\`vouch.db-wal\`; also its largest size in the interval, checked every 100 ms) and the server's resident set size (\`ps -o rss\`).`,
        `The first ${fmt(WARM_UP_SECONDS)} s are the warm-up. \`VOUCH_SOAK_SECONDS\` shortens the run (for example \`VOUCH_SOAK_SECONDS=60 npm run bench -- soak\`).`,
        "",
        `Machine: ${machine()}.`,
        "",
        "```",
        `messages/s ${sparkline(samples.map((s) => s.rate))}`,
        `WAL peak   ${sparkline(samples.map((s) => s.walPeakBytes))}  (0 to ${fmt(MiB(Math.max(...samples.map((s) => s.walPeakBytes))), 1)} MiB)`,
        `RSS        ${sparkline(samples.map((s) => s.rssBytes))}  (0 to ${fmt(MiB(Math.max(...samples.map((s) => s.rssBytes))))} MiB)`,
        "```",
        "",
        "| t (s) | messages/s | WAL MiB | WAL peak MiB | RSS MiB |",
        "|---:|---:|---:|---:|---:|",
        ...samples.map(
          (s) =>
            `| ${s.t} | ${fmt(s.rate)} | ${fmt(MiB(s.walBytes), 1)} | ${fmt(MiB(s.walPeakBytes), 1)} | ${fmt(MiB(s.rssBytes))} |`,
        ),
        "",
        `${fmt(ok)} messages answered (${fmt(result.requests.average)}/s on average; ${result.non2xx} non-2xx, ${result.errors + result.timeouts} errors).`,
        `After the warm-up the WAL file was never larger than ${fmt(MiB(walMaxSettled), 1)} MiB (limit ${fmt(MiB(WAL_LIMIT_BYTES))} MiB; largest over the whole run ${fmt(MiB(walPeakAll), 1)} MiB),`,
        `and ${fmt(walAfterStop)} bytes after the clean stop. RSS after the warm-up stayed between ${fmt(MiB(rssMin))} and ${fmt(MiB(rssMax))} MiB;`,
        `its mean over the last third of the samples is ${growth} against the first third (${fmt(MiB(rssEarly))} → ${fmt(MiB(rssLate))} MiB).`,
      ].join("\n");
      const targets = [
        {
          what: `WAL file during a ${fmt(SECONDS / 60, 1)}-minute soak at maximum message rate`,
          target: `bounded: ≤ the limit (${fmt(MiB(WAL_LIMIT_BYTES))} MiB) plus one batch`,
          result: `${fmt(MiB(walPeakAll), 1)} MiB at most (sampled every 100 ms)`,
          met: walPeakAll <= WAL_LIMIT_BYTES + 8 * 2 ** 20,
        },
        {
          what: `server RSS during the same soak, after ${fmt(WARM_UP_SECONDS)} s of warm-up`,
          target: "flat: mean of the last third ≤ 10% above the first third's",
          result: `${fmt(MiB(rssEarly))} → ${fmt(MiB(rssLate))} MiB (${growth})`,
          met: rssGrowth <= 0.1,
        },
      ];
      return { title: "Soak (WAL and memory under sustained load)", markdown, json, targets };
    } finally {
      await stop(child);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
