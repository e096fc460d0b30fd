/**
 * The pace of `bench:sync`'s latency phase and the verdict of a row, as plain numbers
 * (no sockets, no processes), so that the rules are tested on their own
 * (tests/bench/sync/latencyPace.test.ts).
 *
 * Why a pace decided per row: a latency sample only measures the path while every
 * server keeps the offered pace; a server that falls behind measures its own queue,
 * whose p99 grows with the length of the phase. At a fixed 25,000 deliveries/s the
 * reference (one message per update and receiver) fell behind from N = 50 on (its 10 s
 * phase took 56–80 s, p99 tens of seconds) and the ratios flattered ours. So each row
 * first measures how many deliveries per second the reference drains when saturated,
 * on the same clients process and the same document, and offers every server a fixed
 * fraction of that; a row where any server still falls below MIN_PACE_KEPT of the
 * offered pace gives no verdict.
 */

/** The targets (#20), each a ratio ours / reference measured in the same row. */
export const TARGETS = {
  /** Propagation latency p99, default durability: at most 1.2× the reference's. */
  p99: 1.2,
  /** Sustained updates/s: at least the reference's. */
  throughput: 1.0,
  /** Propagation latency p99 with an fsync per group commit: at most 3× the reference's. */
  fsyncP99: 3,
} as const

/**
 * Achieved ÷ offered pace below which a server's samples include a queue. Worked example:
 * 2,500 updates offered at 100/s should take 25 s; a phase that took 26.3 s (its drain
 * included) kept 25 / 26.3 = 0.95 of the pace, i.e. the last update reached every
 * receiver 1.3 s late: over a tenth of a second per second is a backlog, not a tail.
 */
export const MIN_PACE_KEPT = 0.95

/**
 * The latency phase's rate in updates/s (all writers together): `fraction` of the
 * deliveries per second the reference drained when saturated, spread over `receivers`
 * (each update is one delivery to each of them), at most `maxRate`.
 * Example: the reference drains 12,000 deliveries/s at N = 100 (99 receivers); at 0.6
 * the phase offers 12,000 × 0.6 / 99 = 72.7 updates/s. At N = 10 and 40,000/s it would
 * be 2,667/s, so `maxRate` (500) applies.
 * Throws RangeError for a drain rate, receiver count or fraction that is not positive
 * (a calibration that delivered nothing cannot set a pace).
 */
export function latencyRate(referenceDeliveriesPerSecond: number, receivers: number, fraction: number, maxRate: number): number {
  if (!(referenceDeliveriesPerSecond > 0)) throw new RangeError(`the reference drained ${referenceDeliveriesPerSecond} deliveries/s: no pace to offer`)
  if (!(receivers >= 1) || !Number.isInteger(receivers)) throw new RangeError(`receivers must be a positive integer, got ${receivers}`)
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`the pace fraction must be in (0, 1], got ${fraction}`)
  if (!(maxRate > 0)) throw new RangeError(`the maximum rate must be positive, got ${maxRate}`)
  return Math.min(maxRate, (referenceDeliveriesPerSecond * fraction) / receivers)
}

/**
 * Updates/s through a saturated path (a window of updates kept in flight): the updates
 * that reached every receiver after the first one did, over the time since the first
 * (ms timestamps, `endMs` the phase's end). The time before the first is the window's
 * first trip through an empty pipeline, at the start of every phase however long;
 * counting it would make the rate depend on the phase's length. Example: 201 updates
 * delivered, the first at 1,300 ms, the phase ending at 3,300 ms: 200 in 2 s, 100/s
 * (where delivered ÷ phase length would say 201 / 3.3 s = 61/s).
 * NaN when fewer than two were delivered (no interval to measure).
 */
export function steadyRate(delivered: number, firstDeliveredMs: number, endMs: number): number {
  if (delivered < 2 || !(endMs > firstDeliveredMs)) return NaN
  return ((delivered - 1) * 1000) / (endMs - firstDeliveredMs)
}

/**
 * Achieved ÷ offered pace of one latency phase: its nominal length (`updates` at
 * `offeredRate` updates/s) over the time it took, from the first write until every
 * receiver held the last update. 1 (or a hair below: the drain adds the last update's
 * latency) when the server kept the pace; 0.5 when the phase took twice as long.
 */
export function paceKept(updates: number, offeredRate: number, elapsedMs: number): number {
  if (!(elapsedMs > 0)) throw new RangeError(`a latency phase must take some time, got ${elapsedMs} ms`)
  return (updates * 1000) / offeredRate / elapsedMs
}

/** What a row's verdict reads of one server: its pooled p99 (ms), updates/s and the pace of its slowest round. */
export interface ServerFigures {
  p99: number
  updatesPerSecond: number
  pace: number
}

export type RowVerdict =
  /** Every server kept the pace and every target held. */
  | { kind: 'met' }
  /** Every server kept the pace; `missed` names each target that did not hold, with its ratio. */
  | { kind: 'not met'; missed: string[] }
  /** A server fell behind the offered pace: its samples measure a queue, so the ratios judge nothing. */
  | { kind: 'no verdict'; slow: string[] }

/**
 * The verdict of one row: no verdict when any of the three servers kept less than
 * `minPace` of the offered pace in its slowest round, otherwise the targets (TARGETS)
 * checked on the ratios ours / reference.
 */
export function rowVerdict(row: { ours: ServerFigures; reference: ServerFigures; fsync: ServerFigures }, minPace = MIN_PACE_KEPT): RowVerdict {
  const slow = (['ours', 'reference', 'fsync'] as const)
    .filter((name) => !(row[name].pace >= minPace))
    // Three digits: 0.949 must not read as 0.95.
    .map((name) => `${name} ${row[name].pace.toFixed(3)}`)
  if (slow.length > 0) return { kind: 'no verdict', slow }
  const missed: string[] = []
  const p99 = row.ours.p99 / row.reference.p99
  const throughput = row.ours.updatesPerSecond / row.reference.updatesPerSecond
  const fsyncP99 = row.fsync.p99 / row.reference.p99
  if (!(p99 <= TARGETS.p99)) missed.push(`p99 ${p99.toFixed(2)}× > ${TARGETS.p99}×`)
  if (!(throughput >= TARGETS.throughput)) missed.push(`upd/s ${throughput.toFixed(2)}× < ${TARGETS.throughput}×`)
  if (!(fsyncP99 <= TARGETS.fsyncP99)) missed.push(`fsync p99 ${fsyncP99.toFixed(2)}× > ${TARGETS.fsyncP99}×`)
  return missed.length === 0 ? { kind: 'met' } : { kind: 'not met', missed }
}

/** The verdict as the table's cell: "met", "not met: p99 1.45× > 1.2×" or "no verdict: pace reference 0.810 < 0.95". */
export function describeVerdict(verdict: RowVerdict, minPace = MIN_PACE_KEPT): string {
  if (verdict.kind === 'met') return 'met'
  if (verdict.kind === 'not met') return `not met: ${verdict.missed.join(', ')}`
  return `no verdict: pace ${verdict.slow.join(', ')} < ${minPace}`
}

/**
 * The pace a latency round of `roundUpdates` would keep (paceKept) at `rate`, predicted
 * from a shorter paced trial of `trialUpdates` at that rate: its first update reached
 * every receiver `firstDoneMs` after the trial began, its last `lastDoneMs` after. Why not
 * the trial's own paceKept: that counts the last update's trip against the trial's
 * length, and a trial is shorter than a round (4 s against 7–80 s), so one 0.7 s trip
 * reads as falling behind. So the trial gives two things: how fast the backlog grows
 * (completions spread over a longer span than the sends: (trialUpdates − 1) / rate over
 * lastDone − firstDone, at most 1, so a burst catching up does not flatter it) and the
 * last update's trip (from its send to lastDone, any backlog the trial built included:
 * this errs low); the round is predicted as its sends stretched by that growth, plus that
 * trip. A trip that grew during the trial counts twice (in the spread and as the last
 * trip): that too errs low, on purpose (a prediction from the first trip said 1.000 for a
 * round that then kept 0.937).
 * Example: 400 updates at 100/s (sends over 3,990 ms), first done at 50 ms, last at
 * 4,040 ms: the rate kept, a 50 ms trip; a round of 2,500 at 100/s would take 24,990 + 50
 * ms: 0.998. The last done at 4,484 ms instead: completions over 4,434 ms (0.9 of the
 * pace), a 494 ms trip: 27,771 + 494 ms, 0.884.
 * NaN when the trial did not measure both (fewer than two updates, or no interval).
 */
export function predictedPace(roundUpdates: number, rate: number, trialUpdates: number, firstDoneMs: number, lastDoneMs: number): number {
  if (!(trialUpdates >= 2) || !(lastDoneMs > firstDoneMs) || !(firstDoneMs >= 0)) return NaN
  const sendsMs = ((trialUpdates - 1) * 1000) / rate
  const growth = Math.min(1, sendsMs / (lastDoneMs - firstDoneMs))
  const lastTripMs = Math.max(0, lastDoneMs - sendsMs)
  return paceKept(roundUpdates, rate, ((roundUpdates - 1) * 1000) / rate / growth + lastTripMs)
}

/**
 * The pace a paced trial must predict (predictedPace) for the calibration to settle: above
 * MIN_PACE_KEPT, since the rounds come minutes later on a machine whose load drifts.
 */
export const TRIAL_MIN_PACE = 0.97

/**
 * The factor a paced trial's rate steps down by when a server did not keep it (at most:
 * see nextTrialPace).
 */
export const PACE_STEP = 0.8

/** One paced trial of the calibration: the rate offered (updates/s) and the pace a round at that rate would keep (predictedPace). */
export interface PaceTrial {
  rate: number
  kept: number
  /** How long the trial took, its drain included (ms). */
  elapsedMs: number
}

export type PaceDecision =
  /** The last trial's rate was kept (≥ minPace): the row's pace. */
  | { kind: 'settled'; rate: number }
  /** Try this (lower) rate next. */
  | { kind: 'try'; rate: number }
  /** Out of trials or time: the rows run at this rate, untried; the rounds' pace column and verdict still judge it. */
  | { kind: 'gave up'; rate: number }

/**
 * The calibration's next step after `trials` (in order, on one server): settled at the
 * last rate when the server kept at least `minPace` of it; otherwise a lower rate, the
 * last one × the smaller of `step` and the pace it kept (a server that kept 0.6 of a
 * rate will not keep 0.8 of it, so going straight to 0.6× saves trials that would
 * fail), and 'gave up' with that rate once `maxTrials` trials or `maxMs` of trials have
 * been spent. Why paced trials: a saturated phase (64 in flight) overestimates what a
 * server keeps with ten writers sending on a timer; at 0.5–0.6 of it the reference kept
 * only 0.90–0.94 (docs/ARCHITECTURE.md, "Paced trials").
 * Example: 400/s kept 0.90 → try 320/s; kept 0.97 → settled at 320/s.
 * A kept pace that was not measured (NaN) counts as not kept and steps by `step`.
 */
export function nextTrialPace(
  trials: readonly PaceTrial[],
  { minPace = TRIAL_MIN_PACE, step = PACE_STEP, maxTrials, maxMs }: { minPace?: number; step?: number; maxTrials: number; maxMs: number },
): PaceDecision {
  const last = trials.at(-1)
  if (!last) throw new RangeError('no trial to decide from')
  if (!(step > 0 && step < 1)) throw new RangeError(`the step must be in (0, 1), got ${step}`)
  if (last.kept >= minPace) return { kind: 'settled', rate: last.rate }
  const rate = last.rate * (last.kept > 0 ? Math.min(step, last.kept) : step)
  const spentMs = trials.reduce((total, trial) => total + trial.elapsedMs, 0)
  return trials.length >= maxTrials || spentMs >= maxMs ? { kind: 'gave up', rate } : { kind: 'try', rate }
}
