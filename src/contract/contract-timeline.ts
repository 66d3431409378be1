/**
 * Which contract is in force when: a pure function of the activation log. Activations are numbered per
 * tenant in the order they were made (`seq`) and ordered on the timeline by effective date, then `seq`; the
 * contract in force at time t is that of the latest activation, in this order, whose effective date is at or
 * before t. So an activation takes over from its date until the next effective date on the timeline: making
 * one "now" does not cancel a change already scheduled for later, and an activation from the same date as a
 * scheduled one replaces it (which then never takes effect). Activations never take effect in the past
 * (activateContract refuses past dates), so no activation rewrites what was in force before it was made.
 *
 * Status is derived here rather than stored, because a scheduled activation comes into force when its date
 * passes, with no write.
 */

/** What the timeline needs of an activation. */
export interface ActivationFact {
  readonly seq: number;
  readonly contractId: string;
  readonly effectiveFrom: number;
}

/**
 * An activation's state at a time: `pending` (its date is ahead), `in-force`, `ended` (it was in force and the
 * next one on the timeline took over) or `cancelled` (a later activation from the same date replaced it, so
 * it never takes effect).
 */
export type ActivationState = "pending" | "in-force" | "ended" | "cancelled";

/** A contract's status at a time, from its activations. */
type ContractStatus = "draft" | "scheduled" | "active" | "superseded";

export const CONTRACT_STATUSES: readonly ContractStatus[] = ["draft", "scheduled", "active", "superseded"];
export const ACTIVATION_STATES: readonly ActivationState[] = ["pending", "in-force", "ended", "cancelled"];

/** Timeline order: by effective date, then by the order the activations were made. */
const compareActivations = (a: ActivationFact, b: ActivationFact): number =>
  a.effectiveFrom - b.effectiveFrom || a.seq - b.seq;

/** The activation in force at `at`: the last in timeline order with `effectiveFrom <= at`. */
export function activeAt<T extends ActivationFact>(activations: readonly T[], at: number): T | undefined {
  let best: T | undefined;
  for (const a of activations) {
    if (a.effectiveFrom <= at && (best === undefined || compareActivations(a, best) > 0)) best = a;
  }
  return best;
}

/** One activation placed on the timeline. */
interface TimelineEntry<T extends ActivationFact> {
  readonly activation: T;
  readonly state: ActivationState;
  /** When the next activation takes over; null while none is recorded. Equal to `effectiveFrom` when cancelled. */
  readonly activeUntil: number | null;
}

/** Every activation with its state at `now`, in the order given. */
export function placeActivations<T extends ActivationFact>(
  activations: readonly T[],
  now: number,
): readonly TimelineEntry<T>[] {
  // An activation is in force from its date until the date of the next one on the timeline.
  const ordered = [...activations].sort(compareActivations);
  const until = new Map<number, number | null>();
  ordered.forEach((a, i) => {
    until.set(a.seq, ordered[i + 1]?.effectiveFrom ?? null);
  });
  return activations.map((activation) => {
    const end = until.get(activation.seq) ?? null;
    const state: ActivationState =
      end !== null && end <= activation.effectiveFrom
        ? "cancelled"
        : activation.effectiveFrom > now
          ? "pending"
          : end === null || end > now
            ? "in-force"
            : "ended";
    return {
      activation,
      state,
      activeUntil: state === "cancelled" ? activation.effectiveFrom : end,
    };
  });
}

/** A contract's status from the states of its own activations. */
export function contractStatus(states: readonly ActivationState[]): ContractStatus {
  if (states.length === 0) return "draft";
  if (states.includes("in-force")) return "active";
  if (states.includes("pending")) return "scheduled";
  return "superseded";
}
