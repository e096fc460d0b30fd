import * as Y from 'yjs'

/** What finds structs by id, in the doc or in the update (StructLocator). */
export interface StructFinder {
  find(id: Y.ID): { struct: Y.Item | Y.GC; inDoc: boolean } | null
  docState(client: number): number
}

/**
 * Whether an item's neighbours are as a Yjs client names them (issue 14, found by
 * fuzzing). Yjs' conflict resolution (YATA, Item.integrate) converges only if the
 * origin and right origin of each item were adjacent when it was made; named
 * otherwise, the server orders the item one way and a doc rebuilt from its state
 * (which integrates in another order) another. The server cannot see adjacency
 * then, but three consequences of it hold in every copy's list, tombstones
 * included, whatever was inserted concurrently since:
 * - the origin comes before the right origin;
 * - the right origin's own origin is at or before the origin (it was to the right's
 *   left already), and is none when the origin is none (the right was first);
 * - the origin's own right origin is at or after the right origin, and is none when
 *   the right origin is none (the origin was last).
 * Items of the update itself have no position yet; each is bounded by the doc items
 * its chain of origins and of right origins reaches, and refused only when the
 * bounds already break a rule. What the doc cannot decide is left to Yjs.
 *
 * Cost: twice the distance in the list between the items compared, as Yjs' own
 * integration walk.
 */
export class NeighbourOrder {
  constructor(private readonly structs: StructFinder) {}

  /** Why `item`'s neighbours cannot have been adjacent, or null. */
  whyOutOfOrder(item: Y.Item): string | null {
    const origin = this.effectiveOrigin(item)
    const right = item.rightOrigin
    if (origin && right && this.atOrAfter(this.bound(origin, true), this.bound(right, false))) return 'its right neighbour comes before its left one'
    const rightHeld = right && this.structs.find(right)
    if (right && rightHeld?.inDoc) {
      // The right neighbour's own left neighbour must be at or before this item's.
      const rightsLeft = this.leftOfHeld(right)
      if (rightsLeft && (!origin || this.atOrAfter(rightsLeft, this.bound(origin, false), true))) return 'its right neighbour had another left one'
    }
    const originHeld = origin && this.structs.find(origin)
    if (origin && originHeld?.inDoc) {
      const originsRight = this.rightOfHeld(origin)
      if (originsRight && (!right || this.atOrAfter(this.bound(right, true), originsRight, true))) return 'its left neighbour had another right one'
    }
    return null
  }

  /** The left neighbour Yjs integrates an item after: the doc's struct before it when the doc holds its start (Item.integrate). */
  effectiveOrigin(item: Y.Item): Y.ID | null {
    const docState = this.structs.docState(item.id.client)
    return item.id.clock < docState ? Y.createID(item.id.client, docState - 1) : item.origin
  }

  /** The origin of the doc's character at `id`: the one before it in its struct, else its struct's origin. */
  private leftOfHeld(id: Y.ID): Y.ID | null {
    const struct = this.structs.find(id)!.struct
    if (id.clock > struct.id.clock) return Y.createID(id.client, id.clock - 1)
    return struct instanceof Y.Item ? struct.origin : null
  }

  /** The right origin of the doc's character at `id`: the one after it in its struct, else its struct's right origin. */
  private rightOfHeld(id: Y.ID): Y.ID | null {
    const struct = this.structs.find(id)!.struct
    if (id.clock < struct.id.clock + struct.length - 1) return Y.createID(id.client, id.clock + 1)
    return struct instanceof Y.Item ? struct.rightOrigin : null
  }

  /**
   * The doc id a position is bounded by: `id` itself when the doc holds it, else
   * the first the doc holds along the update's items' origins (`left`: the item
   * comes after it) or right origins (it comes before it); null when the chain
   * ends, or loops (refused elsewhere).
   */
  private bound(id: Y.ID | null, left: boolean): Y.ID | null {
    let seen: Set<Y.Item> | null = null
    while (id) {
      const found = this.structs.find(id)
      if (!found || found.inDoc) return found ? id : null
      if (!(found.struct instanceof Y.Item)) return null
      seen ??= new Set()
      if (seen.has(found.struct)) return null
      seen.add(found.struct)
      id = left ? this.effectiveOrigin(found.struct) : found.struct.rightOrigin
    }
    return null
  }

  /**
   * Whether doc id `b` is at or before doc id `a` in their list (strictly before
   * when `strict`); false when either is unknown (a null bound) or they are in
   * different lists. Walks right from both at once.
   */
  private atOrAfter(a: Y.ID | null, b: Y.ID | null, strict = false): boolean {
    if (!a || !b) return false
    const structA = this.structs.find(a)!.struct
    const structB = this.structs.find(b)!.struct
    if (structA === structB) return strict ? b.clock < a.clock : b.clock <= a.clock
    if (!(structA instanceof Y.Item) || !(structB instanceof Y.Item)) return false
    let fromA = structA.right
    let fromB = structB.right
    while (fromA || fromB) {
      if (fromA === structB) return false
      if (fromB === structA) return true
      fromA = fromA?.right ?? null
      fromB = fromB?.right ?? null
    }
    return false
  }
}
