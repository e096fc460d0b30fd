import * as Y from 'yjs'
import type { DecodedStruct, UpdateSection } from './updateSections'

/**
 * Why Yjs would not integrate every struct of an update into `doc` at once, or null
 * when it would. Yjs keeps what it cannot integrate in `store.pendingStructs`, for
 * ever if what it waits for never comes, and throws midway through a transaction on
 * a reference it cannot resolve; either way the server's doc, its store and its
 * clients drift apart (issue 14). So this runs Yjs' own integration loop
 * (integrateStructs in yjs/src/utils/encoding.js, 13.6) on clocks alone, with
 * Item.getMissing's rule for what a struct waits for, and reports the first struct
 * that loop would set aside or throw on:
 * - a section that starts past the client's clock (a gap: Yjs waits for the clocks between);
 * - a reference (origin, right origin, parent id) to another client's clock that
 *   neither the doc nor the update holds, or that the update holds only after the
 *   struct itself (a causal cycle: each side waits for the other);
 * - a reference to its own client's clock that does not exist yet (Yjs throws);
 * structs the doc already holds included: Yjs resolves their references too.
 *
 * `sections` must name each client once (Yjs keeps only a client's last section;
 * `decodeUpdateSections` gives them) and hold no Skip structs nor empty ones.
 * Cost: linear in the update's structs.
 */
export function whatStaysPending(doc: Y.Doc, sections: readonly UpdateSection[]): string | null {
  const readers = new Map<number, { structs: DecodedStruct[]; next: number }>()
  for (const { client, structs } of sections) readers.set(client, { structs, next: 0 })
  const clocks = new Map<number, number>()
  const clockOf = (client: number): number => clocks.get(client) ?? Y.getState(doc.store, client)
  // Yjs takes clients from the highest id down, and a client's structs in order.
  const order = [...readers.keys()].sort((a, b) => a - b)
  const nextReader = () => {
    while (order.length > 0) {
      const reader = readers.get(order[order.length - 1])!
      if (reader.next < reader.structs.length) return reader
      order.pop()
    }
    return null
  }
  let reader = nextReader()
  if (!reader) return null
  let head = reader.structs[reader.next++]
  // Structs waiting for another client's: each waits for the one pushed after it.
  const waiting: DecodedStruct[] = []
  for (;;) {
    const { client, clock } = head.id
    const offset = clockOf(client) - clock
    if (offset < 0) {
      const cycle = waiting.some((struct) => struct.id.client === client)
      return `client ${client} continues at clock ${clock}, the document and the update reach ${clockOf(client)}${cycle ? ' (its earlier structs wait for another client: a cycle)' : ''}`
    }
    const awaited = head instanceof Y.Item ? awaitedClient(head, clockOf) : null
    if (awaited !== null) {
      const source = readers.get(awaited)
      if (!source || source.next === source.structs.length) return unreachable(head, awaited, clockOf(awaited), readers)
      waiting.push(head)
      head = source.structs[source.next++]
      continue
    }
    if (head instanceof Y.Item) {
      const ownFuture = [head.origin, head.rightOrigin, head.parent].find((ref) => ref instanceof Y.ID && ref.client === client && ref.clock >= clockOf(client))
      if (ownFuture) return `item ${client}:${clock} refers to ${client}:${(ownFuture as Y.ID).clock}, a clock of its own client that does not exist before it`
    }
    if (offset < head.length) clocks.set(client, clock + head.length)
    const resumed = waiting.pop()
    if (resumed) head = resumed
    else if (reader && reader.next < reader.structs.length) head = reader.structs[reader.next++]
    else {
      reader = nextReader()
      if (!reader) return null
      head = reader.structs[reader.next++]
    }
  }
}

/** Item.getMissing: the other client whose clock an item refers to beyond what is integrated, or null. */
function awaitedClient(item: Y.Item, clockOf: (client: number) => number): number | null {
  for (const ref of [item.origin, item.rightOrigin, item.parent]) {
    if (ref instanceof Y.ID && ref.client !== item.id.client && ref.clock >= clockOf(ref.client)) return ref.client
  }
  return null
}

function unreachable(item: DecodedStruct, client: number, integrated: number, readers: Map<number, { structs: DecodedStruct[] }>): string {
  const structs = readers.get(client)?.structs ?? []
  const last = structs[structs.length - 1]
  const what = last && last.id.clock + last.length > integrated ? 'which the update brings only after it (a cycle)' : 'which neither the document nor the update holds'
  return `item ${item.id.client}:${item.id.clock} refers to client ${client} past clock ${integrated}, ${what}`
}
