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
