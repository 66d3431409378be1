import * as http from "node:http";

/** Result of an open-loop run: latencies measured from each request's scheduled send time. */
export interface OpenLoopResult {
  readonly rps: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface OpenLoopOptions {
  readonly url: string;
  readonly rate: number;
  readonly durationSeconds: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: () => string;
  /** Sockets kept open to the server (requests beyond them wait, and that wait counts as latency). */
  readonly sockets?: number;
}

/**
 * A constant-rate (open-loop) load generator: request i is due at start + i / rate whatever happened to the
 * earlier ones, and its latency runs from when it was due to when its response ended, so a server that
 * falls behind is charged for the queue it builds (no coordinated omission).
 *
 * Written here because autocannon's rate limit is not this: each connection sends back to back until it has
 * used its allowance for the second, then waits for the next second, so "half load" arrives as bursts at
 * full speed and its latency is the saturated latency.
 */
export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.sockets ?? 256 });
  const target = new URL(o.url);
  const total = Math.max(1, Math.round(o.rate * o.durationSeconds));
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  const start = performance.now();

  const send = (due: number): void => {
    const body = o.body();
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { ...o.headers, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => {
          latencies.push(performance.now() - due);
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          done++;
        });
      },
    );
    req.on("error", () => {
      errors++;
      done++;
    });
    req.end(body);
  };

  await new Promise<void>((resolve) => {
    // A 1 ms tick sends every request that has fallen due, each stamped with its own due time.
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / o.rate <= now) {
        send(start + (sent * 1000) / o.rate);
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  while (done < total) await new Promise((r) => setTimeout(r, 5));
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    rps: total / elapsed,
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    max: latencies[latencies.length - 1] ?? 0,
    requests: total,
    non2xx,
    errors,
  };
}
