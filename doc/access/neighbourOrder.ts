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
/** A position in a list: an id and the struct that holds it (found once, compared often). */
interface Position {
  id: Y.ID
  struct: Y.Item | Y.GC
}

export class NeighbourOrder {
  constructor(private readonly structs: StructFinder) {}

  /** Why `item`'s neighbours cannot have been adjacent, or null. */
  whyOutOfOrder(item: Y.Item): string | null {
    const origin = this.effectiveOrigin(item)
    const right = item.rightOrigin
    if (!origin && !right) return null
    const originFound = origin && this.structs.find(origin)
    const rightFound = right && this.structs.find(right)
    // The common case, typing into a doc the sender is in sync with: neighbours adjacent in the doc's list now.
    if (originFound?.inDoc && rightFound?.inDoc && adjacent(origin!, originFound.struct, right!, rightFound.struct)) return null
    if (origin && right && this.atOrAfter(this.bound(origin, originFound, true), this.bound(right, rightFound, false))) return 'its right neighbour comes before its left one'
    if (right && rightFound && rightFound.inDoc) {
      // The right neighbour's own left neighbour must be at or before this item's.
      const rightsLeft = this.leftOfHeld({ id: right, struct: rightFound.struct })
      if (rightsLeft && (!origin || this.atOrAfter(rightsLeft, this.bound(origin, originFound, false), true))) return 'its right neighbour had another left one'
    }
    if (origin && originFound && originFound.inDoc) {
      const originsRight = this.rightOfHeld({ id: origin, struct: originFound.struct })
      if (originsRight && (!right || this.atOrAfter(this.bound(right, rightFound, true), originsRight, true))) return 'its left neighbour had another right one'
    }
    return null
  }

  /** The left neighbour Yjs integrates an item after: the doc's struct before it when the doc holds its start (Item.integrate). */
  effectiveOrigin(item: Y.Item): Y.ID | null {
    const docState = this.structs.docState(item.id.client)
    return item.id.clock < docState ? Y.createID(item.id.client, docState - 1) : item.origin
  }

  /** The origin of the doc's character at `at`: the one before it in its struct, else its struct's origin. */
  private leftOfHeld({ id, struct }: Position): Position | null {
    if (id.clock > struct.id.clock) return { id: Y.createID(id.client, id.clock - 1), struct }
    return struct instanceof Y.Item && struct.origin ? this.position(struct.origin) : null
  }

  /** The right origin of the doc's character at `at`: the one after it in its struct, else its struct's right origin. */
  private rightOfHeld({ id, struct }: Position): Position | null {
    if (id.clock < struct.id.clock + struct.length - 1) return { id: Y.createID(id.client, id.clock + 1), struct }
    return struct instanceof Y.Item && struct.rightOrigin ? this.position(struct.rightOrigin) : null
  }

  private position(id: Y.ID): Position | null {
    const found = this.structs.find(id)
    return found ? { id, struct: found.struct } : null
  }

  /**
   * The doc position a position is bounded by (`first`: `id` found already, or
   * null): `id` itself when the doc holds it,
   * else the first the doc holds along the update's items' origins (`left`: the
   * item comes after it) or right origins (it comes before it); null when the chain
   * ends, or loops (refused elsewhere).
   */
  private bound(id: Y.ID | null, first: ReturnType<StructFinder['find']>, left: boolean): Position | null {
    let seen: Set<Y.Item> | null = null
    let found = first
    while (id) {
      found ??= this.structs.find(id)
      if (!found) return null
      if (found.inDoc) return { id, struct: found.struct }
      if (!(found.struct instanceof Y.Item)) return null
      seen ??= new Set()
      if (seen.has(found.struct)) return null
      seen.add(found.struct)
      id = left ? this.effectiveOrigin(found.struct) : found.struct.rightOrigin
      found = null
    }
    return null
  }

  /**
   * Whether doc position `b` is at or before doc position `a` in their list
   * (strictly before when `strict`); false when either is unknown (a null bound)
   * or they are in different lists. Walks right from both at once.
   */
  private atOrAfter(a: Position | null, b: Position | null, strict = false): boolean {
    if (!a || !b) return false
    if (a.struct === b.struct) return strict ? b.id.clock < a.id.clock : b.id.clock <= a.id.clock
    if (!(a.struct instanceof Y.Item) || !(b.struct instanceof Y.Item)) return false
    let fromA = a.struct.right
    let fromB = b.struct.right
    while (fromA || fromB) {
      if (fromA === b.struct) return false
      if (fromB === a.struct) return true
      fromA = fromA?.right ?? null
      fromB = fromB?.right ?? null
    }
    return false
  }
}

/** Whether the doc's character at `left` (in struct `a`) is right before the one at `right` (in `b`), tombstones counted. */
function adjacent(left: Y.ID, a: Y.Item | Y.GC, right: Y.ID, b: Y.Item | Y.GC): boolean {
  if (a === b) return right.clock === left.clock + 1
  return left.clock === a.id.clock + a.length - 1 && right.clock === b.id.clock && a instanceof Y.Item && a.right === b
}
