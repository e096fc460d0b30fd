import * as Y from 'yjs'

/** The items an update inserts for one Yjs client: clocks [start, end). */
export interface ClockRange {
  client: number
  start: number
  end: number
}

/**
 * Which clock ranges of which clients an update inserts, read from its header
 * without decoding the content (Y.parseUpdateMeta). An update that only deletes
 * inserts nothing: []. Yjs encodes each client's structs as one contiguous run,
 * so one range a client is exact.
 */
export function clockRanges(update: Uint8Array): ClockRange[] {
  const { from, to } = Y.parseUpdateMeta(update)
  const ranges: ClockRange[] = []
  for (const [client, start] of from) {
    const end = to.get(client) ?? start
    if (end > start) ranges.push({ client, start, end })
  }
  return ranges
}

/**
 * The clock ranges a Yjs transaction inserted, in the order `clockRanges` reads them
 * from the update its `update` event carries (that update holds each changed client's
 * structs from `beforeState` to `afterState`, clients in descending order), without
 * decoding it: on the sync path the update was just decoded by checkUpdate and by Yjs,
 * and a third decode for the authorship rows cost ~36 µs per update (issue #20).
 */
export function transactionRanges(transaction: Y.Transaction): ClockRange[] {
  const ranges: ClockRange[] = []
  for (const [client, end] of transaction.afterState) {
    const start = transaction.beforeState.get(client) ?? 0
    if (end > start) ranges.push({ client, start, end })
  }
  return ranges.sort((a, b) => b.client - a.client)
}
