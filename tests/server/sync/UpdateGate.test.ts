import { describe, expect, it } from 'vitest'
import { TokenBucket } from '../../../server/sync/TokenBucket'
import { UpdateGate } from '../../../server/sync/UpdateGate'

describe('UpdateGate', () => {
  it('admits the burst at once, then the rate, counting messages', () => {
    let now = 1_000
    const gate = new UpdateGate({ updatesPerSecond: 10, updateBurst: 50, updateBytesPerSecond: 1e9, updateBytesBurst: 1e9 }, () => now)
    let admitted = 0
    while (gate.admit(10)) admitted++
    expect(admitted).toBe(50)
    now += 500 // half a second: five more
    admitted = 0
    while (gate.admit(10)) admitted++
    expect(admitted).toBe(5)
    now += 60_000 // a long pause refills to the burst, not beyond
    admitted = 0
    while (gate.admit(10)) admitted++
    expect(admitted).toBe(50)
  })

  it('admits by bytes too: a burst of large updates is cut where the bytes run out', () => {
    let now = 0
    const gate = new UpdateGate({ updatesPerSecond: 1000, updateBurst: 1000, updateBytesPerSecond: 1000, updateBytesBurst: 10_000 }, () => now)
    let admitted = 0
    while (gate.admit(1_000)) admitted++
    expect(admitted).toBe(10)
    now += 1000
    expect(gate.admit(1_000)).toBe(true)
    expect(gate.admit(1)).toBe(false)
    // Larger than the whole byte burst: never admitted.
    now += 3_600_000
    expect(gate.admit(10_001)).toBe(false)
  })
})

describe('TokenBucket', () => {
  it('refuses a rate or capacity that admits nothing', () => {
    expect(() => new TokenBucket(0, 10)).toThrow(RangeError)
    expect(() => new TokenBucket(1, 0.5)).toThrow(RangeError)
  })
})
