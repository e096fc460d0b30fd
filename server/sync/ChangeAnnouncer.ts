/**
 * Tells the other instances which documents changed here, at most once per
 * `intervalMs` per document (the first change at once, the last of a burst when
 * the interval ends): their search index follows documents they do not have loaded
 * (those they have loaded hear every update anyway). E.g. a writer typing 10 keys a
 * second for a minute costs 60 messages, not 600; the receivers debounce again
 * before re-indexing (SearchIndexer).
 */
export class ChangeAnnouncer {
  /** Documents announced within the current interval; true when changed again since. */
  private readonly recent = new Map<string, { again: boolean; timer: NodeJS.Timeout }>()

  constructor(
    private readonly publish: (documentId: string) => void,
    private readonly intervalMs = 1000,
  ) {}

  announce(documentId: string): void {
    const recent = this.recent.get(documentId)
    if (recent) {
      recent.again = true
      return
    }
    this.publish(documentId)
    this.open(documentId)
  }

  /** Drops what is waiting (the instance is closing; a missed announcement costs a stale index until the next change). */
  close(): void {
    for (const { timer } of this.recent.values()) clearTimeout(timer)
    this.recent.clear()
  }

  private open(documentId: string): void {
    const timer = setTimeout(() => {
      const again = this.recent.get(documentId)?.again ?? false
      this.recent.delete(documentId)
      if (again) this.announce(documentId)
    }, this.intervalMs)
    timer.unref()
    this.recent.set(documentId, { again: false, timer })
  }
}
