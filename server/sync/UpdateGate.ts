import { TokenBucket } from './TokenBucket'

/** Document-update limits of one sync connection (sync step 2 and update messages). */
export interface UpdateLimits {
  /**
   * Update messages per second, on average; default 60. y-prosemirror sends one
   * per transaction: fast typing is 10–20 a second, a paste or a replace-all one.
   */
  updatesPerSecond: number
  /** Messages that may come at once above the rate; default 600 (ten seconds' worth). */
  updateBurst: number
  /** Update bytes per second, on average; default 2 MiB. */
  updateBytesPerSecond: number
  /** Bytes that may come at once above the rate; default 32 MiB: two frames of the default 16 MiB maximum. */
  updateBytesBurst: number
}

export const DEFAULT_UPDATE_LIMITS: UpdateLimits = {
  updatesPerSecond: 60,
  updateBurst: 600,
  updateBytesPerSecond: 2 * 1024 * 1024,
  updateBytesBurst: 32 * 1024 * 1024,
}

/**
 * The rate of document updates one connection may send (issue 14), by count and by
 * bytes, each a token bucket. An update is admitted only if both have room; one that
 * is not cannot be dropped (later updates of a Yjs client build on it), so the caller
 * closes the socket (`updateFlood`) without applying it or anything after it. E.g.
 * with the defaults a client sending 10,000 one-character updates at once has its
 * first 600 applied and is closed at the 601st; a typist at 20 a second never is.
 */
export class UpdateGate {
  private readonly count: TokenBucket
  private readonly bytes: TokenBucket

  constructor(limits: UpdateLimits = DEFAULT_UPDATE_LIMITS, now: () => number = Date.now) {
    this.count = new TokenBucket(limits.updatesPerSecond, limits.updateBurst, now)
    this.bytes = new TokenBucket(limits.updateBytesPerSecond, limits.updateBytesBurst, now)
  }

  /**
   * Whether an update of `size` bytes may be applied now; spends its share when so.
   * An update larger than the byte burst is never admitted (frames are capped below it by default).
   */
  admit(size: number): boolean {
    return this.count.take(1) && this.bytes.take(size)
  }
}
