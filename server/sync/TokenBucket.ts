/**
 * A token bucket: `perSecond` tokens a second, at most `capacity` saved (the burst),
 * full at the start. `take(n)` spends `n` if there are that many. The presence and
 * update gates of a sync connection each hold their own; `now` is injectable so
 * tests count exactly.
 */
export class TokenBucket {
  private tokens: number
  private refilledAt: number

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perSecond > 0) || !(capacity >= 1)) throw new RangeError(`a token bucket needs a positive rate and a capacity of at least 1 (got ${perSecond}/s, ${capacity})`)
    this.tokens = capacity
    this.refilledAt = now()
  }

  /** Spends `n` tokens and returns true, or spends nothing and returns false when fewer are saved. */
  take(n = 1): boolean {
    const now = this.now()
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond)
    this.refilledAt = now
    if (this.tokens < n) return false
    this.tokens -= n
    return true
  }
}
