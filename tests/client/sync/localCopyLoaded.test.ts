import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IndexeddbPersistence } from 'y-indexeddb'
import { LOCAL_COPY_WAIT_MS, localCopyLoaded } from '../../../client/sync/localCopyLoaded'

/** A copy whose `whenSynced` and database open settle when the test says. */
function controlledCopy() {
  let synced!: () => void
  let failOpen!: (error: Error) => void
  const whenSynced = new Promise<void>((resolve) => { synced = resolve })
  const _db = new Promise<never>((_, reject) => { failOpen = reject })
  return { copy: { whenSynced, _db } as unknown as IndexeddbPersistence, synced, failOpen }
}

/** Whether `promise` has settled once pending microtasks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(() => { done = true })
  await vi.advanceTimersByTimeAsync(0)
  return done
}

describe('localCopyLoaded', () => {
  beforeEach(() => { vi.useFakeTimers() })
  afterEach(() => { vi.useRealTimers() })

  it('resolves at once without a copy', async () => {
    expect(await settled(localCopyLoaded(null))).toBe(true)
  })

  it('waits for the copy to be applied', async () => {
    const { copy, synced } = controlledCopy()
    const loaded = localCopyLoaded(copy)
    expect(await settled(loaded)).toBe(false)
    synced()
    expect(await settled(loaded)).toBe(true)
  })

  it('resolves when the database fails to open', async () => {
    const { copy, failOpen } = controlledCopy()
    const loaded = localCopyLoaded(copy)
    failOpen(new Error('private mode'))
    expect(await settled(loaded)).toBe(true)
  })

  it('resolves after the bound when the copy never answers', async () => {
    const { copy } = controlledCopy()
    const loaded = localCopyLoaded(copy)
    await vi.advanceTimersByTimeAsync(LOCAL_COPY_WAIT_MS - 1)
    expect(await settled(loaded)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled(loaded)).toBe(true)
  })
})
