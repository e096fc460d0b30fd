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
  return new IntegrationDryRun(doc, sections).run()
}

interface Reader {
  structs: DecodedStruct[]
  next: number
}

/** The loop of integrateStructs with a clock per client in place of the struct store. */
class IntegrationDryRun {
  private readonly readers = new Map<number, Reader>()
  /** Clients by id, ascending: Yjs takes them from the highest down, each one's structs in order. */
  private readonly order: number[]
  private readonly clocks = new Map<number, number>()

  constructor(
    private readonly doc: Y.Doc,
    sections: readonly UpdateSection[],
  ) {
    for (const { client, structs } of sections) this.readers.set(client, { structs, next: 0 })
    this.order = [...this.readers.keys()].sort((a, b) => a - b)
  }

  run(): string | null {
    if (this.readers.size === 1) return this.runOneClient()
    let reader = this.nextReader()
    if (!reader) return null
    let head = reader.structs[reader.next++]
    // Structs waiting for another client's: each waits for the one pushed after it.
    const waiting: DecodedStruct[] = []
    for (;;) {
      const { client, clock } = head.id
      const offset = this.clockOf(client) - clock
      if (offset < 0) {
        const cycle = waiting.some((struct) => struct.id.client === client)
        return `client ${client} continues at clock ${clock}, the document and the update reach ${this.clockOf(client)}${cycle ? ' (its earlier structs wait for another client: a cycle)' : ''}`
      }
      if (head instanceof Y.Item) {
        const awaited = this.awaitedClient(head)
        if (awaited !== null) {
          const source = this.readers.get(awaited)
          if (!source || source.next === source.structs.length) return this.unreachable(head, awaited)
          waiting.push(head)
          head = source.structs[source.next++]
          continue
        }
        const ownFuture = this.ownFutureClock(head)
        if (ownFuture !== null) return `item ${client}:${clock} refers to ${client}:${ownFuture}, a clock of its own client that does not exist before it`
      }
      if (offset < head.length) this.clocks.set(client, clock + head.length)
      const resumed = waiting.pop()
      if (resumed) head = resumed
      else if (reader && reader.next < reader.structs.length) head = reader.structs[reader.next++]
      else {
        reader = this.nextReader()
        if (!reader) return null
        head = reader.structs[reader.next++]
      }
    }
  }

  /**
   * The same loop for an update of one client (what typing sends), without its
   * bookkeeping: a struct waiting for another client can never be served.
   */
  private runOneClient(): string | null {
    const [reader] = this.readers.values()
    for (const head of reader.structs) {
      const { client, clock } = head.id
      const offset = this.clockOf(client) - clock
      if (offset < 0) return `client ${client} continues at clock ${clock}, the document and the update reach ${this.clockOf(client)}`
      if (head instanceof Y.Item) {
        const awaited = this.awaitedClient(head)
        if (awaited !== null) return this.unreachable(head, awaited)
        const ownFuture = this.ownFutureClock(head)
        if (ownFuture !== null) return `item ${client}:${clock} refers to ${client}:${ownFuture}, a clock of its own client that does not exist before it`
      }
      if (offset < head.length) this.clocks.set(client, clock + head.length)
    }
    return null
  }

  private clockOf(client: number): number {
    return this.clocks.get(client) ?? Y.getState(this.doc.store, client)
  }

  private nextReader(): Reader | null {
    while (this.order.length > 0) {
      const reader = this.readers.get(this.order[this.order.length - 1])!
      if (reader.next < reader.structs.length) return reader
      this.order.pop()
    }
    return null
  }

  /** Item.getMissing: the other client whose clock an item refers to beyond what is integrated, or null. */
  private awaitedClient(item: Y.Item): number | null {
    const { origin, rightOrigin, parent } = item
    const client = item.id.client
    if (origin && origin.client !== client && origin.clock >= this.clockOf(origin.client)) return origin.client
    if (rightOrigin && rightOrigin.client !== client && rightOrigin.clock >= this.clockOf(rightOrigin.client)) return rightOrigin.client
    if (parent instanceof Y.ID && parent.client !== client && parent.clock >= this.clockOf(parent.client)) return parent.client
    return null
  }

  /** A clock of the item's own client it refers to that is not integrated before it (Yjs throws), or null. */
  private ownFutureClock(item: Y.Item): number | null {
    const { origin, rightOrigin, parent } = item
    const client = item.id.client
    const integrated = this.clockOf(client)
    if (origin && origin.client === client && origin.clock >= integrated) return origin.clock
    if (rightOrigin && rightOrigin.client === client && rightOrigin.clock >= integrated) return rightOrigin.clock
    if (parent instanceof Y.ID && parent.client === client && parent.clock >= integrated) return parent.clock
    return null
  }

  private unreachable(item: DecodedStruct, client: number): string {
    const integrated = this.clockOf(client)
    const structs = this.readers.get(client)?.structs ?? []
    const last = structs[structs.length - 1]
    const what = last && last.id.clock + last.length > integrated ? 'which the update brings only after it (a cycle)' : 'which neither the document nor the update holds'
    return `item ${item.id.client}:${item.id.clock} refers to client ${client} past clock ${integrated}, ${what}`
  }
}
