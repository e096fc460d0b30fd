import type { HistoryStore } from '../persistence/HistoryStore'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Drops automatic versions older than `retentionDays` (VARIORUM_HISTORY_RETENTION)
 * now and once a day; named versions and each document's latest stay. Null keeps
 * everything and starts nothing.
 */
export function startRetention(store: HistoryStore, retentionDays: number | null, now: () => number, log: (line: string) => void): { stop(): void } {
  if (retentionDays === null) return { stop() {} }
  const prune = (): void => {
    try {
      const dropped = store.prune(now() - retentionDays * DAY_MS)
      if (dropped > 0) log(`history: dropped ${dropped} automatic version(s) older than ${retentionDays} days`)
    } catch (error) {
      log(`history: pruning failed: ${String(error)}`)
    }
  }
  prune()
  const timer = setInterval(prune, DAY_MS)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
