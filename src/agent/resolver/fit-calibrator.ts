/**
 * Confidence calibration: a small logistic regression that maps a few signals about a resolution (how
 * sure the classifier is, by how much it beats the runner-up, how much of the question was ever seen,
 * how close the nearest training example is) to the probability that the top answer is right. It is a
 * multi-signal generalisation of Platt scaling, fitted on cross-validated predictions of the training
 * data, never on evaluation data.
 *
 * With little data the fit is pulled towards a prior — roughly "confidence = the classifier's own
 * probability" (see PRIOR_CALIBRATOR) — by a ridge penalty around that mapping, so a tenant with a handful of examples still gets a sane,
 * monotone confidence instead of an over-fitted one.
 */

/** Fitted coefficients: `confidence = σ(bias + Σ weights[i]·signal[i])`. */
export interface Calibrator {
  readonly bias: number;
  readonly weights: readonly number[];
  /** Held-out predictions the fit was based on (0 = prior only). */
  readonly sampleSize: number;
}

/**
 * The prior mapping: the odds of the top probability, scaled down by the share of the question ever seen
 * (logit c = logit p + log knownMass), because features the model never saw carry no evidence for any
 * answer. Fits on CLINC150 land close to this (weights ≈ 1 on both), so it is a safe default for tenants
 * too small to fit their own.
 */
export const PRIOR_CALIBRATOR: Calibrator = { bias: 0, weights: [1, 0, 1, 0], sampleSize: 0 };

const LOGIT_CLAMP = 9;

/**
 * The calibration signals of one resolution: logit of the top probability (clamped), top-minus-second
 * probability, log of the known feature mass and log of the best neighbour similarity.
 */
export function calibrationSignals(
  top: number,
  second: number,
  knownMass: number,
  nearest: number,
): number[] {
  const p = Math.min(Math.max(top, 1e-9), 1 - 1e-9);
  const logit = Math.min(LOGIT_CLAMP, Math.max(-LOGIT_CLAMP, Math.log(p / (1 - p))));
  // Logs, because the evidence multiplies: a question half made of never-seen features is far less
  // likely answered than its classifier probability alone says, whatever that probability is.
  return [logit, top - second, Math.log(Math.max(knownMass, 1e-3)), Math.log(Math.max(nearest, 1e-3))];
}

/** Applies the calibrator: a probability in [0, 1]. */
export function applyCalibrator(c: Calibrator, signals: readonly number[]): number {
  return 1 / (1 + Math.exp(-calibratorLogit(c, signals)));
}

/** The calibrator's linear part, `bias + Σ weights[i]·signals[i]`: the log-odds it assigns. */
export function calibratorLogit(c: Calibrator, signals: readonly number[]): number {
  let z = c.bias;
  for (let i = 0; i < c.weights.length; i++) z += (c.weights[i] ?? 0) * (signals[i] ?? 0);
  return z;
}

/**
 * Fits the calibrator by Newton's method on the penalised log-likelihood
 * `Σ log p(correct_i) − (priorStrength/2)·‖θ − θ_prior‖²`. `priorStrength` is in units of observations:
 * with a few dozen held-out predictions the prior still matters, with thousands it does not.
 */
export function fitCalibrator(
  signals: readonly (readonly number[])[],
  correct: readonly boolean[],
  priorStrength = 10,
  rowWeights?: readonly number[],
): Calibrator {
  if (signals.length === 0) return PRIOR_CALIBRATOR;
  return fitLogistic(signals, correct, PRIOR_CALIBRATOR, priorStrength, rowWeights);
}

/**
 * Logistic regression `p = σ(bias + Σ weights[i]·x[i])` by Newton's method, with a ridge penalty of
 * `priorStrength` pseudo-observations around `prior` (which also fixes the number of inputs). A handful
 * of inputs and up to tens of thousands of rows: a dense Hessian is the simple, exact choice.
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  correct: readonly boolean[],
  prior: Calibrator,
  priorStrength: number,
  rowWeights?: readonly number[],
): Calibrator {
  const n = rows.length;
  const sampleSize = rowWeights ? rowWeights.reduce((a, b) => a + b, 0) : n;
  const start = [prior.bias, ...prior.weights];
  const d = start.length;
  const theta = [...start];
  const row = (i: number): number[] => [1, ...(rows[i] ?? [])];
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let i = 0; i < n; i++) {
      const x = row(i);
      let z = 0;
      for (let a = 0; a < d; a++) z += (theta[a] ?? 0) * (x[a] ?? 0);
      const p = 1 / (1 + Math.exp(-z));
      const rw = rowWeights?.[i] ?? 1;
      const r = ((correct[i] ? 1 : 0) - p) * rw;
      const w = p * (1 - p) * rw;
      for (let a = 0; a < d; a++) {
        grad[a] = (grad[a] ?? 0) + r * (x[a] ?? 0);
        const ha = hess[a] ?? [];
        for (let b = 0; b < d; b++) ha[b] = (ha[b] ?? 0) + w * (x[a] ?? 0) * (x[b] ?? 0);
      }
    }
    for (let a = 0; a < d; a++) {
      grad[a] = (grad[a] ?? 0) - priorStrength * ((theta[a] ?? 0) - (start[a] ?? 0));
      const ha = hess[a] ?? [];
      ha[a] = (ha[a] ?? 0) + priorStrength;
    }
    const step = solve(hess, grad);
    let change = 0;
    for (let a = 0; a < d; a++) {
      theta[a] = (theta[a] ?? 0) + (step[a] ?? 0);
      change = Math.max(change, Math.abs(step[a] ?? 0));
    }
    if (change < 1e-8) break;
  }
  return { bias: theta[0] ?? 0, weights: theta.slice(1), sampleSize };
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i] ?? 0]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] ?? 0) > Math.abs(m[piv]?.[c] ?? 0)) piv = r;
    const tmp = m[c] ?? [];
    m[c] = m[piv] ?? [];
    m[piv] = tmp;
    const pr = m[c] ?? [];
    const pv = pr[c] ?? 1;
    for (let r = c + 1; r < n; r++) {
      const rr = m[r] ?? [];
      const f = (rr[c] ?? 0) / pv;
      for (let k = c; k <= n; k++) rr[k] = (rr[k] ?? 0) - f * (pr[k] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const rr = m[r] ?? [];
    let s = rr[n] ?? 0;
    for (let k = r + 1; k < n; k++) s -= (rr[k] ?? 0) * (x[k] ?? 0);
    x[r] = s / (rr[r] ?? 1);
  }
  return x;
}
