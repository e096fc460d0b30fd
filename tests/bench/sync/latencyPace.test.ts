import { describe, expect, it } from 'vitest'
import { describeVerdict, latencyRate, nextTrialPace, paceKept, predictedPace, rowVerdict, steadyRate, type PaceTrial, type ServerFigures } from '../../../bench/sync/latencyPace'

describe('latencyRate', () => {
  it('offers the fraction of the reference\'s deliveries spread over the receivers', () => {
    expect(latencyRate(12_000, 99, 0.6, 500)).toBeCloseTo(72.727, 3)
    expect(latencyRate(4_900, 49, 0.5, 500)).toBe(50)
  })

  it('caps the rate at the maximum', () => {
    expect(latencyRate(40_000, 9, 0.6, 500)).toBe(500)
  })

  it('refuses a calibration that delivered nothing, and misused arguments', () => {
    expect(() => latencyRate(NaN, 99, 0.6, 500)).toThrow(RangeError)
    expect(() => latencyRate(0, 99, 0.6, 500)).toThrow(RangeError)
    expect(() => latencyRate(1000, 0, 0.6, 500)).toThrow(RangeError)
    expect(() => latencyRate(1000, 9.5, 0.6, 500)).toThrow(RangeError)
    expect(() => latencyRate(1000, 9, 0, 500)).toThrow(RangeError)
    expect(() => latencyRate(1000, 9, 1.5, 500)).toThrow(RangeError)
    expect(() => latencyRate(1000, 9, 0.6, 0)).toThrow(RangeError)
  })
})

describe('steadyRate', () => {
  it('counts the updates after the first over the time since the first', () => {
    expect(steadyRate(201, 1300, 3300)).toBe(100)
    expect(steadyRate(2, 0, 500)).toBe(2)
  })

  it('is NaN without an interval to measure', () => {
    expect(steadyRate(0, NaN, 2500)).toBeNaN()
    expect(steadyRate(1, 1000, 2500)).toBeNaN()
    expect(steadyRate(5, 2500, 2500)).toBeNaN()
  })
})

describe('paceKept', () => {
  it('is the nominal length over the time taken', () => {
    expect(paceKept(2500, 100, 25_000)).toBe(1)
    expect(paceKept(2500, 100, 50_000)).toBe(0.5)
    expect(paceKept(2500, 100, 26_315.8)).toBeCloseTo(0.95, 6)
  })

  it('refuses a phase that took no time', () => {
    expect(() => paceKept(2500, 100, 0)).toThrow(RangeError)
  })
})

const server = (p99: number, updatesPerSecond: number, pace = 1): ServerFigures => ({ p99, updatesPerSecond, pace })

describe('rowVerdict', () => {
  it('is met when every server kept the pace and every target holds, bounds included', () => {
    const verdict = rowVerdict({ ours: server(12, 100), reference: server(10, 100), fsync: server(30, 80, 0.95) })
    expect(verdict).toEqual({ kind: 'met' })
    expect(describeVerdict(verdict)).toBe('met')
  })

  it('names each target missed with its ratio', () => {
    const verdict = rowVerdict({ ours: server(14.5, 90), reference: server(10, 100), fsync: server(31, 100) })
    expect(verdict).toEqual({ kind: 'not met', missed: ['p99 1.45× > 1.2×', 'upd/s 0.90× < 1×', 'fsync p99 3.10× > 3×'] })
    expect(describeVerdict(verdict)).toBe('not met: p99 1.45× > 1.2×, upd/s 0.90× < 1×, fsync p99 3.10× > 3×')
  })

  it('gives no verdict when any server fell behind, however the ratios look', () => {
    const verdict = rowVerdict({ ours: server(1, 500), reference: server(30_000, 20, 0.81), fsync: server(2, 400, 0.949) })
    expect(verdict).toEqual({ kind: 'no verdict', slow: ['reference 0.810', 'fsync 0.949'] })
    expect(describeVerdict(verdict)).toBe('no verdict: pace reference 0.810, fsync 0.949 < 0.95')
  })

  it('gives no verdict for a pace that was not measured', () => {
    expect(rowVerdict({ ours: server(10, 100, NaN), reference: server(10, 100), fsync: server(10, 100) })).toEqual({ kind: 'no verdict', slow: ['ours NaN'] })
  })

  it('counts a p99 or a throughput that was not measured as missed', () => {
    expect(rowVerdict({ ours: server(NaN, 100), reference: server(10, NaN), fsync: server(10, 100) })).toEqual({
      kind: 'not met',
      missed: ['p99 NaN× > 1.2×', 'upd/s NaN× < 1×'],
    })
  })

  it('takes the minimum pace given', () => {
    expect(rowVerdict({ ours: server(10, 100, 0.9), reference: server(10, 100), fsync: server(10, 100) }, 0.9)).toEqual({ kind: 'met' })
  })
})

describe('nextTrialPace', () => {
  const trial = (rate: number, kept: number, elapsedMs = 4000): PaceTrial => ({ rate, kept, elapsedMs })
  const bounds = { maxTrials: 4, maxMs: 60_000 }

  it('settles at a rate the server kept, the bound (0.97) included', () => {
    expect(nextTrialPace([trial(400, 0.97)], bounds)).toEqual({ kind: 'settled', rate: 400 })
    expect(nextTrialPace([trial(400, 0.9), trial(320, 0.99)], bounds)).toEqual({ kind: 'settled', rate: 320 })
  })

  it('steps down by 0.8 when the server kept a little less, a pace that would pass the verdict included', () => {
    expect(nextTrialPace([trial(400, 0.969)], bounds)).toEqual({ kind: 'try', rate: 320 })
    expect(nextTrialPace([trial(400, 0.95)], bounds)).toEqual({ kind: 'try', rate: 320 })
  })

  it('steps straight down to the pace kept when that is below the step', () => {
    const decision = nextTrialPace([trial(400, 0.5)], bounds)
    expect(decision.kind).toBe('try')
    expect(decision.rate).toBeCloseTo(200, 9)
  })

  it('steps by 0.8 from a pace that was not measured', () => {
    expect(nextTrialPace([trial(400, NaN)], bounds)).toEqual({ kind: 'try', rate: 320 })
  })

  it('gives up after the last trial allowed, with the next lower rate', () => {
    const trials = [trial(400, 0.9), trial(320, 0.9), trial(256, 0.9), trial(204.8, 0.9)]
    const decision = nextTrialPace(trials, bounds)
    expect(decision.kind).toBe('gave up')
    expect(decision.rate).toBeCloseTo(163.84, 9)
    expect(nextTrialPace(trials.slice(0, 3), bounds).kind).toBe('try')
  })

  it('gives up once the trials took the time allowed', () => {
    expect(nextTrialPace([trial(400, 0.9, 30_000), trial(320, 0.9, 30_000)], bounds)).toEqual({ kind: 'gave up', rate: 256 })
    expect(nextTrialPace([trial(400, 0.9, 30_000), trial(320, 0.9, 29_999)], bounds)).toEqual({ kind: 'try', rate: 256 })
  })

  it('takes the minimum pace and step given', () => {
    expect(nextTrialPace([trial(400, 0.9)], { ...bounds, minPace: 0.9 })).toEqual({ kind: 'settled', rate: 400 })
    expect(nextTrialPace([trial(400, 0.9)], { ...bounds, step: 0.5 })).toEqual({ kind: 'try', rate: 200 })
  })

  it('refuses no trial and a step that does not step down', () => {
    expect(() => nextTrialPace([], bounds)).toThrow(RangeError)
    expect(() => nextTrialPace([trial(400, 0.9)], { ...bounds, step: 1 })).toThrow(RangeError)
  })
})

describe('predictedPace', () => {
  it('predicts a round as its sends plus the last trip, when the trial kept the rate', () => {
    expect(predictedPace(2500, 100, 400, 50, 4040)).toBeCloseTo(25_000 / 25_040, 9)
  })

  it('does not count a long trip against the trial\'s short length', () => {
    // A 4 s trial with a 0.7 s trip keeps 4 / 4.7 = 0.85 of its own pace; a 77 s round, 0.99.
    expect(paceKept(130, 32.5, 4700)).toBeCloseTo(0.851, 3)
    expect(predictedPace(2500, 32.5, 130, 700, 700 + (129 * 1000) / 32.5)).toBeCloseTo(0.991, 3)
  })

  it('stretches the round\'s sends by the backlog\'s growth in the trial and adds the last trip', () => {
    expect(predictedPace(2500, 100, 400, 50, 4484)).toBeCloseTo(25_000 / (24_990 / (3990 / 4434) + 494), 9)
    expect(predictedPace(2500, 100, 400, 50, 4484)).toBeCloseTo(0.884, 3)
  })

  it('counts a trip that grew during the trial both in the spread and as the last trip: it errs low', () => {
    // The first update crossed an idle path in 5 ms, the last queued 400 ms.
    expect(predictedPace(2500, 100, 400, 5, 4390)).toBeCloseTo(25_000 / (24_990 / (3990 / 4385) + 400), 9)
    expect(predictedPace(2500, 100, 400, 5, 4390)).toBeLessThan(25_000 / (24_990 + 400))
  })

  it('does not let completions that came faster than the sends flatter the round', () => {
    // A 1 s stall at the start, then caught up: completions over 3,500 ms for 3,990 ms of sends.
    expect(predictedPace(2500, 100, 400, 1000, 4500)).toBeCloseTo(25_000 / (24_990 + 510), 9)
  })

  it('is NaN when the trial did not measure both ends', () => {
    expect(predictedPace(2500, 100, 1, 50, 60)).toBeNaN()
    expect(predictedPace(2500, 100, 400, NaN, 4040)).toBeNaN()
    expect(predictedPace(2500, 100, 400, 50, NaN)).toBeNaN()
    expect(predictedPace(2500, 100, 400, 50, 50)).toBeNaN()
  })
})
