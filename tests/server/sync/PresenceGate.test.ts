import { describe, expect, it } from 'vitest'
import { PresenceGate } from '../../../server/sync/PresenceGate'

function gate(perSecond: number, clock: { now: number }): PresenceGate {
  const grant = { principal: { kind: 'anonymous', id: 'p', name: 'P' }, role: 'editor', open: true, recheck: async () => null } as const
  return new PresenceGate(() => grant, { maxPresenceBytes: 1024, presencePerSecond: perSecond, floodHoldMs: 1000 }, () => false, () => clock.now)
}

describe('PresenceGate.admit, the presence rate decided before any decoding', () => {
  it('admits the burst (2 s of the rate), then asks to try later, then calls more than 10 × the rate over it within a second a flood', () => {
    const clock = { now: 1_000_000 }
    const presence = gate(5, clock)
    const answers = Array.from({ length: 61 }, () => presence.admit())
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('ok'))
    // 50 over the rate (10 × 5) are still a burst to throttle...
    expect(answers.slice(10, 60)).toEqual(Array(50).fill('later'))
    // ...the 51st within the second is a flood.
    expect(answers[60]).toBe('flood')
  })

  it('refills at the rate, and counts what is over it per second', () => {
    const clock = { now: 1_000_000 }
    const presence = gate(5, clock)
    for (let i = 0; i < 10; i++) expect(presence.admit()).toBe('ok')
    for (let i = 0; i < 50; i++) expect(presence.admit()).toBe('later')
    // A second later: 5 tokens, and the count over the rate starts again.
    clock.now += 1000
    for (let i = 0; i < 5; i++) expect(presence.admit()).toBe('ok')
    for (let i = 0; i < 50; i++) expect(presence.admit()).toBe('later')
    expect(presence.admit()).toBe('flood')
  })

  it('never throttles a client within the rate, however long', () => {
    const clock = { now: 1_000_000 }
    const presence = gate(20, clock)
    for (let i = 0; i < 20 * 60; i++) {
      clock.now += 50
      expect(presence.admit()).toBe('ok')
    }
  })
})
