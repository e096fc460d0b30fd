import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ChangeAnnouncer } from '../../../server/sync/ChangeAnnouncer'

describe('ChangeAnnouncer', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('announces a document at once, then at most once per interval, and the last change of a burst', () => {
    const published: string[] = []
    const announcer = new ChangeAnnouncer((id) => published.push(id), 1000)
    announcer.announce('a')
    expect(published).toEqual(['a'])
    // A burst of 50 changes within the interval: one more announcement, when it ends.
    for (let i = 0; i < 50; i++) announcer.announce('a')
    announcer.announce('b')
    expect(published).toEqual(['a', 'b'])
    vi.advanceTimersByTime(999)
    expect(published).toEqual(['a', 'b'])
    vi.advanceTimersByTime(1)
    expect(published).toEqual(['a', 'b', 'a'])
    // That trailing announcement opened a new interval; a quiet one ends without any.
    vi.advanceTimersByTime(1000)
    expect(published).toEqual(['a', 'b', 'a'])
    announcer.announce('a')
    expect(published).toEqual(['a', 'b', 'a', 'a'])
  })

  it('drops what waits when closed', () => {
    const published: string[] = []
    const announcer = new ChangeAnnouncer((id) => published.push(id), 1000)
    announcer.announce('a')
    announcer.announce('a')
    announcer.close()
    vi.advanceTimersByTime(5000)
    expect(published).toEqual(['a'])
  })
})
