import type { HistoryStore } from '../persistence/HistoryStore'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Drops automatic versions older than `retentionDays` (VARIORUM_HISTORY_RETENTION)
 * now and once a day; named versions and each document's latest stay. Null keeps
 * everything and starts nothing.
 */
export function startRetention(
  store: HistoryStore,
  retentionDays: number | null,
  now: () => number,
  log: (line: string) => void,
): { stop(): void; started: Promise<void> } {
  if (retentionDays === null) return { stop() {}, started: Promise.resolve() }
  const prune = (): Promise<void> =>
    store.prune(now() - retentionDays * DAY_MS).then(
      (dropped) => {
        if (dropped > 0) log(`history: dropped ${dropped} automatic version(s) older than ${retentionDays} days`)
      },
      (error: unknown) => log(`history: pruning failed: ${String(error)}`),
    )
  const first = prune()
  const timer = setInterval(prune, DAY_MS)
  timer.unref()
  return {
    stop: () => clearInterval(timer),
    /** The first pruning, done on start. */
    started: first,
  }
}
