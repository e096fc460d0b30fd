import * as Y from 'yjs'
import { NeighbourOrder } from './neighbourOrder'

/** A struct as stored (Item or GC) or as decoded from an update (Item, GC or Skip). */
type Struct = Y.Item | Y.GC | Y.Skip

/** A shared type as the doc holds it. */
type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never

/**
 * Where an item sits in the document: the top-level type it belongs to, the shared
 * types between (their items, outermost first: for a comment's text, the
 * annotation, its `comments` array and the comment), and the map key it is stored
 * under (null in a sequence). Everything the access rule decides hangs on this.
 */
export interface Place {
  root: string
  containers: Y.Item[]
  /** The key each container is stored under (an update's item inherits it from its neighbour, so `parentSub` may be null). */
  containerKeys: (string | null)[]
  key: string | null
}

/**
 * Why an item has no place: `gc` when it refers to garbage-collected content, so
 * Yjs will drop it on arrival (a legitimate race with a deletion: no effect, no
 * refusal); `refused` with why when it refers to something it cannot: an unknown
 * or non-type parent, a cycle, left and right neighbours in different parents.
 */
export type NoPlace = { kind: 'gc' } | { kind: 'refused'; why: string }

/**
 * Finds items by id in a document and in an update decoded against it, and the
 * place of each: items already in the doc are found in its struct store, the
 * update's own items (which may refer to each other, in any order) in the decoded
 * structs. Places of the update's items are computed once.
 */
export class StructLocator {
  private readonly updateStructs = new Map<number, Struct[]>()
  private readonly places = new Map<Y.Item, Place | NoPlace>()
  private readonly rootNames = new Map<SharedType, string>()
  private readonly order = new NeighbourOrder(this)

  constructor(
    private readonly doc: Y.Doc,
    structs: readonly Struct[],
  ) {
    for (const struct of structs) {
      const list = this.updateStructs.get(struct.id.client)
      if (list) list.push(struct)
      else this.updateStructs.set(struct.id.client, [struct])
    }
    for (const [name, type] of doc.share) this.rootNames.set(type, name)
  }

  /** The doc's clock for `client`: how many of its structs it holds. */
  docState(client: number): number {
    return Y.getState(this.doc.store, client)
  }

  /** The struct holding `id`: the doc's, else the update's; null when neither has it. */
  find(id: Y.ID): { struct: Y.Item | Y.GC; inDoc: boolean } | null {
    if (id.clock < this.docState(id.client)) {
      const structs = this.doc.store.clients.get(id.client)!
      return { struct: structs[Y.findIndexSS(structs, id.clock)] as Y.Item | Y.GC, inDoc: true }
    }
    const list = this.updateStructs.get(id.client)
    if (!list) return null
    let low = 0
    let high = list.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const struct = list[mid]
      if (id.clock < struct.id.clock) high = mid - 1
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1
      else return struct instanceof Y.Skip ? null : { struct, inDoc: false }
    }
    return null
  }

  /** The place of an item integrated in the doc (its parents are live shared types). */
  placeInDoc(item: Y.Item): Place {
    const containers: Y.Item[] = []
    let type = item.parent as SharedType
    while (type._item) {
      containers.unshift(type._item)
      type = type._item.parent as SharedType
    }
    const containerKeys = containers.map((container) => container.parentSub)
    return { root: this.rootNames.get(type) ?? '', containers, containerKeys, key: item.parentSub }
  }

  /** The place of an item decoded from the update, as Yjs will integrate it. */
  placeInUpdate(item: Y.Item): Place | NoPlace {
    return this.placeOf(item, new Set())
  }

  private placeOf(item: Y.Item, visiting: Set<Y.Item>): Place | NoPlace {
    const known = this.places.get(item)
    if (known) return known
    if (visiting.has(item)) return { kind: 'refused', why: 'its parents form a cycle' }
    visiting.add(item)
    const place = this.resolve(item, visiting)
    visiting.delete(item)
    this.places.set(item, place)
    return place
  }

  /**
   * An item the doc holds the start of (its clock below the doc's for its client)
   * is integrated from there on (Item.integrate with an offset): Yjs takes the
   * doc's struct just before as its left neighbour, whatever the item's origin
   * says. That struct must be where the item goes, or the item would be linked into
   * one parent's list while belonging to another. And its neighbours must be in an
   * order a Yjs client can have seen them in (NeighbourOrder).
   */
  private resolve(item: Y.Item, visiting: Set<Y.Item>): Place | NoPlace {
    const place = this.resolveReferences(item, visiting)
    if ('kind' in place) return place
    const docState = this.docState(item.id.client)
    if (item.id.clock < docState) {
      const left = this.find(Y.createID(item.id.client, docState - 1))!.struct
      const leftPlace = left instanceof Y.Item ? this.liveOrGc(left) : null
      if (!leftPlace || 'kind' in leftPlace || !samePlace(leftPlace, place)) {
        return { kind: 'refused', why: `it continues ${left.id.client}:${left.id.clock}, which is elsewhere` }
      }
    }
    const outOfOrder = this.order.whyOutOfOrder(item)
    if (outOfOrder) return { kind: 'refused', why: outOfOrder }
    return place
  }

  /** Follows Yjs' own rule (Item.getMissing): an explicit parent, else the left neighbour's, else the right's. */
  private resolveReferences(item: Y.Item, visiting: Set<Y.Item>): Place | NoPlace {
    const parent = item.parent as unknown
    if (typeof parent === 'string') {
      if (item.origin || item.rightOrigin) return { kind: 'refused', why: 'it names a top-level parent and neighbours' }
      return { root: parent, containers: [], containerKeys: [], key: item.parentSub }
    }
    if (parent instanceof Y.ID) {
      const found = this.find(parent)
      if (!found) return { kind: 'refused', why: `its parent ${parent.client}:${parent.clock} is unknown` }
      const container = found.struct
      if (container instanceof Y.GC || container.content instanceof Y.ContentDeleted) return { kind: 'gc' }
      if (!(container.content instanceof Y.ContentType)) return { kind: 'refused', why: 'its parent is not a shared type' }
      const outer = found.inDoc ? this.liveOrGc(container) : this.placeOf(container, visiting)
      if ('kind' in outer) return outer
      return { root: outer.root, containers: [...outer.containers, container], containerKeys: [...outer.containerKeys, outer.key], key: item.parentSub }
    }
    const left = item.origin ? this.neighbour(item.origin, visiting) : null
    const right = item.rightOrigin ? this.neighbour(item.rightOrigin, visiting) : null
    if (!left && !right) return { kind: 'refused', why: 'it has neither a parent nor neighbours' }
    for (const side of [left, right]) if (side && 'kind' in side) return side
    const [a, b] = [left as Place | null, right as Place | null]
    if (a && b && !samePlace(a, b)) return { kind: 'refused', why: 'its left and right neighbours are in different parents' }
    return (a ?? b)!
  }

  /** The place of a neighbour (origin or right origin), which an item without a parent inherits. */
  private neighbour(id: Y.ID, visiting: Set<Y.Item>): Place | NoPlace {
    const found = this.find(id)
    if (!found) return { kind: 'refused', why: `its neighbour ${id.client}:${id.clock} is unknown` }
    if (found.struct instanceof Y.GC) return { kind: 'gc' }
    return found.inDoc ? this.liveOrGc(found.struct) : this.placeOf(found.struct, visiting)
  }

  /** A doc item's place; `gc` when its parent was collected (Yjs then drops what refers to it). */
  private liveOrGc(item: Y.Item): Place | NoPlace {
    if (!item.parent || !(item.parent instanceof Y.AbstractType)) return { kind: 'gc' }
    return this.placeInDoc(item)
  }
}

function samePlace(a: Place, b: Place): boolean {
  return a.root === b.root && a.key === b.key && a.containers.length === b.containers.length && a.containers.every((item, i) => item === b.containers[i])
}
