import { describe, expect, it } from 'vitest'
import { describeVerdict, latencyRate, paceKept, rowVerdict, steadyRate, type ServerFigures } from '../../../bench/sync/latencyPace'

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
