import * as Y from 'yjs'
import { DOC_MODEL } from '../model'
import { FIELDS_KEY, storedField } from '../annotations/storedFields'
import { parseStoredJsonObject, storedValueObject } from '../annotations/storedJson'
import { DOC_SHAPE, contentFits, slotOf, typeFits, type Shape } from './docShape'
import { StructLocator, type Place } from './placeOfItem'
import { roleAtLeast, type DocumentRole } from './roles'
import { splitsSurrogatePair } from './surrogateSplit'
import { decodeUpdateSections, type DecodedStruct, type DecodedUpdate } from './updateSections'
import { whatStaysPending } from './whatStaysPending'

/** Who sends an update: `id` is what the `authorId` of their annotations and comments must hold. */
export interface AccessPrincipal {
  id: string
  name: string
}

/** Everything the rule needs; nothing is changed. */
export interface UpdateToCheck {
  /** Null in open mode (no accounts): nobody to check authorship against. */
  principal: AccessPrincipal | null
  role: DocumentRole
  /** The document as it is now, before the update. */
  doc: Y.Doc
  /** A Yjs update (v1 encoding), as received. */
  update: Uint8Array
  /**
   * Which connection writes with which Yjs client id (`owners`), and who sends this
   * update (`self`, any key unique to its connection). A client id is claimed by the
   * first connection that writes with it and stays its own while it is open; new
   * structs under another connection's client id are refused. Omit to skip.
   */
  clients?: { owners: ReadonlyMap<number, string>; self: string }
}

/**
 * Why an update is refused:
 * - `malformed`: it does not decode, or holds what no Yjs client sends (gaps in its clocks, empty structs
 *   or deletions, a client written in two sections)
 * - `inconsistent`: it does not fit the document's history: anything Yjs would not integrate at once
 *   (clocks that skip ahead, references to items that do not exist or come later: Yjs would hold the
 *   structs pending for ever, or throw), deletions of unknown items, or structs under a client id
 *   another open connection writes with
 * - `shape`: it puts something where the data model has no place for it (docs/DATA-MODEL.md)
 * - `forbidden`: the role may not make this change
 * - `authorship`: a new annotation or comment whose `authorId` is not the sender, or a changed `authorId`
 *   or `fields` (which may hold it)
 */
export type RefusalReason = 'malformed' | 'inconsistent' | 'shape' | 'forbidden' | 'authorship'

export type UpdateCheck =
  /** `changes`: false when the update holds nothing the doc lacks; `claims`: client ids the sender now writes with. */
  | { ok: true; changes: boolean; claims: number[] }
  | { ok: false; reason: RefusalReason; message: string }

class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message)
  }
}

/**
 * The one access rule of the workspace (issue 14): whether `principal`, holding
 * `role` on the document, may apply `update` to `doc`. Decodes the update, finds
 * where every inserted and every deleted item lives, and refuses (as a value):
 * - what does not fit the document's history or the data model (see RefusalReason);
 * - a viewer's update of any kind;
 * - an annotator's or commenter's change to the text (`prosemirror`) or `meta`;
 * - a commenter's change to anything but comments: it may add comments to existing
 *   annotations, edit and delete its own, and touch the annotation's `updated` time;
 * - for every role, a new annotation or comment without an `authorId` equal to the
 *   principal's id, and any later change of an `authorId` (authorship is write-once).
 *   Every stored form counts: the `authorId` key and the `authorId` inside `fields` (an object or its JSON text),
 *   the created fields, which are written with the map and never after.
 * Editors and owners may change everything else. See docs/DATA-MODEL.md, "Who may write what".
 *
 * Pure: no I/O, `doc` is only read. Cost: linear in the update's structs and in the
 * doc's structs its deletions cover.
 */
export function checkUpdate(input: UpdateToCheck): UpdateCheck {
  try {
    return new UpdateChecker(input).check()
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason, message: error.message }
    throw error
  }
}

class UpdateChecker {
  private readonly principal: AccessPrincipal | null
  private readonly role: DocumentRole
  private readonly doc: Y.Doc
  private readonly sections: DecodedUpdate['sections']
  private readonly structs: DecodedStruct[]
  private readonly deletes: Map<number, { clock: number; len: number }[]>
  private readonly locator: StructLocator
  /** New annotation and comment maps in this update, whose `authorId` must be the sender's. */
  private readonly authoredMaps: { item: Y.Item; what: 'annotation' | 'comment' }[] = []

  constructor(private readonly input: UpdateToCheck) {
    this.principal = input.principal
    this.role = input.role
    this.doc = input.doc
    let decoded: DecodedUpdate
    try {
      decoded = decodeUpdateSections(input.update)
    } catch (error) {
      throw new Refusal('malformed', `the update does not decode: ${error instanceof Error ? error.message : String(error)}`)
    }
    this.sections = decoded.sections
    this.structs = decoded.structs
    this.deletes = decoded.deletes
    this.locator = new StructLocator(this.doc, this.structs)
  }

  check(): UpdateCheck {
    const fresh = this.freshStructs()
    const deleted = this.effectiveDeletions()
    const changes = fresh.length > 0 || deleted.length > 0
    if (!changes) return { ok: true, changes: false, claims: [] }
    if (this.role === 'viewer') throw new Refusal('forbidden', 'a viewer may not change the document')
    const claims = this.claimClients(fresh)
    for (const item of fresh) if (item instanceof Y.Item) this.checkInsert(item)
    for (const item of deleted) this.checkDelete(item)
    this.checkAuthorship()
    return { ok: true, changes: true, claims }
  }

  /**
   * The structs the doc does not hold yet, after checking that Yjs would integrate
   * the whole update at once: nothing left pending, nothing it throws on.
   */
  private freshStructs(): (Y.Item | Y.GC)[] {
    const clients = new Set<number>()
    for (const { client } of this.sections) {
      // Yjs would integrate only the client's last section (readClientsStructRefs).
      if (clients.has(client)) throw new Refusal('malformed', `client ${client} is written in two sections`)
      clients.add(client)
    }
    const fresh: (Y.Item | Y.GC)[] = []
    for (const struct of this.structs) {
      if (struct instanceof Y.Skip) throw new Refusal('malformed', 'the update skips clocks (a Skip struct)')
      if (struct.length <= 0) throw new Refusal('malformed', `an empty struct at ${struct.id.client}:${struct.id.clock}`)
      if (struct.id.clock + struct.length > this.locator.docState(struct.id.client)) fresh.push(struct)
    }
    const pending = whatStaysPending(this.doc, this.sections)
    if (pending) throw new Refusal('inconsistent', `Yjs would not integrate it at once: ${pending}`)
    this.checkSplits()
    return fresh
  }

  /**
   * No struct the doc already holds points inside a surrogate pair: Yjs resolves its
   * references without integrating it, cutting the pair on the server alone (see
   * splitsSurrogatePair). New items and deletions cut the same way on every copy.
   */
  private checkSplits(): void {
    const locator = this.locator
    for (const struct of this.structs) {
      if (!(struct instanceof Y.Item) || struct.id.clock + struct.length > locator.docState(struct.id.client)) continue
      const { origin, rightOrigin } = struct
      if ((origin && splitsSurrogatePair(locator, origin.client, origin.clock + 1)) || (rightOrigin && splitsSurrogatePair(locator, rightOrigin.client, rightOrigin.clock))) {
        throw new Refusal('inconsistent', `item ${struct.id.client}:${struct.id.clock}, which the document holds, points inside a surrogate pair`)
      }
    }
  }

  /** The doc's live items the update's delete set removes, after checking that every range is known. */
  private effectiveDeletions(): Y.Item[] {
    const items: Y.Item[] = []
    for (const [client, ranges] of this.deletes) {
      const known = Math.max(this.locator.docState(client), this.updateState(client))
      const structs = this.doc.store.clients.get(client)
      const docState = this.locator.docState(client)
      for (const { clock, len } of ranges) {
        // Yjs keeps an empty range past the clock pending (readAndApplyDeleteSet); no client writes one.
        if (len === 0) throw new Refusal('malformed', `an empty deletion at ${client}:${clock}`)
        if (clock + len > known) throw new Refusal('inconsistent', `it deletes ${client}:${clock}+${len}, beyond what exists`)
        // Deleting items of this same update is the sender's own business: they never reach anyone as live.
        if (!structs || clock >= docState) continue
        for (let index = Y.findIndexSS(structs, clock); index < structs.length; index++) {
          const struct = structs[index]
          if (struct.id.clock >= clock + len) break
          if (struct instanceof Y.Item && !struct.deleted) items.push(struct)
        }
      }
    }
    return items
  }

  private updateState(client: number): number {
    let end = 0
    for (const struct of this.structs) if (struct.id.client === client) end = Math.max(end, struct.id.clock + struct.length)
    return end
  }

  private claimClients(fresh: readonly (Y.Item | Y.GC)[]): number[] {
    const clients = this.input.clients
    if (!clients) return []
    const claims = new Set<number>()
    for (const struct of fresh) {
      const owner = clients.owners.get(struct.id.client)
      if (owner === undefined) claims.add(struct.id.client)
      else if (owner !== clients.self) throw new Refusal('inconsistent', `client id ${struct.id.client} belongs to another connection`)
    }
    return [...claims]
  }

  private checkInsert(item: Y.Item): void {
    const place = this.locator.placeInUpdate(item)
    if ('kind' in place) {
      if (place.kind === 'gc') return
      throw new Refusal('inconsistent', `item ${item.id.client}:${item.id.clock}: ${place.why}`)
    }
    this.checkFits(item, place)
    this.checkRole(place, 'insert', item)
  }

  private checkDelete(item: Y.Item): void {
    const place = this.locator.placeInDoc(item)
    // Deleting a shared type deletes what it holds: the container's own check decides.
    if (place.containers.some((container) => this.deletesItem(container))) return
    this.checkRole(place, 'delete', item)
  }

  /** Whether the update's delete set covers `item`. */
  private deletesItem(item: Y.Item): boolean {
    const ranges = this.deletes.get(item.id.client)
    return !!ranges?.some(({ clock, len }) => item.id.clock >= clock && item.id.clock < clock + len)
  }

  /** The item's content fits the data model where it goes. */
  private checkFits(item: Y.Item, place: Place): void {
    let shape: Shape | undefined = DOC_SHAPE[place.root]
    if (!shape) throw new Refusal('shape', `"${place.root}" is not a top-level type of the workspace document`)
    for (const [index, container] of place.containers.entries()) {
      const slot = slotOf(shape, place.containerKeys[index])
      const type = container.content instanceof Y.ContentType ? container.content.type : null
      if (!slot || slot === 'plain' || slot === 'string' || !type || !typeFits(type, slot)) {
        throw new Refusal('shape', `item ${item.id.client}:${item.id.clock} is inside something the data model does not have`)
      }
      shape = slot
    }
    const slot = slotOf(shape, place.key)
    if (!slot) throw new Refusal('shape', `${describeSlot(place)} has no place in the data model`)
    if (!contentFits(item.content, slot)) throw new Refusal('shape', `${describeSlot(place)} cannot hold ${item.content.constructor.name}`)
  }

  private checkRole(place: Place, change: 'insert' | 'delete', item: Y.Item): void {
    const role = this.role
    switch (place.root) {
      case DOC_MODEL.fragment:
      case DOC_MODEL.meta:
        if (!roleAtLeast(role, 'editor')) throw new Refusal('forbidden', `${article(role)} may not change the ${place.root === DOC_MODEL.meta ? 'metadata' : 'text'}`)
        return
      case DOC_MODEL.annotations:
        this.checkAnnotations(place, change, item)
        return
      default:
        if (!roleAtLeast(role, 'annotator')) throw new Refusal('forbidden', `${article(role)} may not change ${place.root}`)
    }
  }

  /**
   * Annotations, by depth: [] an annotation; [a] a field of `a`; [a, list] an entry
   * of its `comments` or `links`; [a, comments, c] a field of comment `c`.
   */
  private checkAnnotations(place: Place, change: 'insert' | 'delete', item: Y.Item): void {
    const [annotation, , comment] = place.containers
    const commenter = !roleAtLeast(this.role, 'annotator')
    const isNew = (container: Y.Item) => !this.locator.find(container.id)?.inDoc
    if (change === 'insert') checkStoredJsonText(place, item)
    switch (place.containers.length) {
      case 0:
        if (commenter) throw new Refusal('forbidden', 'a commenter may not create, replace or delete annotations')
        if (change === 'insert' && item.content instanceof Y.ContentType) this.authoredMaps.push({ item, what: 'annotation' })
        return
      case 1:
        if (isAuthorshipKey(place.key) && (change === 'delete' || !isNew(annotation))) {
          throw new Refusal('authorship', `an annotation's ${place.key} cannot change`)
        }
        if (commenter && !(place.key === 'updated' || (place.key === 'comments' && change === 'insert' && !hasComments(annotation)))) {
          throw new Refusal('forbidden', `a commenter may not change an annotation's "${place.key}"`)
        }
        return
      case 2:
        if (place.containerKeys[1] !== 'comments') {
          if (commenter) throw new Refusal('forbidden', `a commenter may not change an annotation's "${place.containerKeys[1]}"`)
          return
        }
        if (change === 'insert') {
          if (item.content instanceof Y.ContentType) this.authoredMaps.push({ item, what: 'comment' })
        } else if (commenter && !this.isOwnComment(item)) {
          throw new Refusal('forbidden', "a commenter may not delete someone else's comment")
        }
        return
      default:
        if (isAuthorshipKey(place.key) && (change === 'delete' || !isNew(comment))) {
          throw new Refusal('authorship', `a comment's ${place.key} cannot change`)
        }
        if (commenter && !isNew(comment) && !this.isOwnComment(comment)) {
          throw new Refusal('forbidden', "a commenter may not edit someone else's comment")
        }
    }
  }

  /** Whether a comment in the doc is the principal's (by `authorId`). In open mode nobody owns anything. */
  private isOwnComment(comment: Y.Item): boolean {
    if (!this.principal || !(comment.content instanceof Y.ContentType)) return false
    return storedField(comment.content.type as Y.Map<unknown>, 'authorId') === this.principal.id
  }

  /**
   * Every new annotation and comment carries `authorId` = the principal's id, and only
   * that, in whichever form it is written: every `authorId` key and every `authorId`
   * inside `fields` written into the map must be the principal's, and a reader must
   * find one (storedField: the key when there is one, else the last `fields`, so
   * without a key each `fields` must hold it).
   */
  private checkAuthorship(): void {
    if (!this.principal || this.authoredMaps.length === 0) return
    const authored = new Set(this.authoredMaps.map(({ item }) => item))
    const written = new Map<Y.Item, { keys: unknown[]; inFields: unknown[] }>()
    for (const struct of this.structs) {
      if (!(struct instanceof Y.Item)) continue
      const place = this.locator.placeInUpdate(struct)
      if ('kind' in place || !isAuthorshipKey(place.key)) continue
      const map = place.containers[place.containers.length - 1]
      if (!map || !authored.has(map)) continue
      const values = written.get(map) ?? { keys: [], inFields: [] }
      const value = struct.content instanceof Y.ContentAny ? struct.content.arr[0] : undefined
      if (place.key === 'authorId') values.keys.push(value)
      else values.inFields.push(storedValueObject(value)?.authorId)
      written.set(map, values)
    }
    const sender = this.principal.id
    for (const { item, what } of this.authoredMaps) {
      const { keys, inFields } = written.get(item) ?? { keys: [], inFields: [] }
      const found = keys.length > 0 || (inFields.length > 0 && inFields.every((value) => value !== undefined))
      if (!found || keys.some((value) => value !== sender) || inFields.some((value) => value !== undefined && value !== sender)) {
        throw new Refusal('authorship', `a new ${what} must have authorId "${sender}" (the sender)`)
      }
    }
  }
}

/**
 * A string written as an annotation's `fields` or `anchor`, or a comment's `fields`
 * (the text form, storedJson.ts) must be a JSON object's text within
 * MAX_STORED_JSON_LENGTH: readers would take anything else as no fields (no author,
 * no id) or no anchor. Depth 1 is an annotation's key, depth 3 a comment's.
 */
function checkStoredJsonText(place: Place, item: Y.Item): void {
  const depth = place.containers.length
  const stored = (depth === 1 && (place.key === FIELDS_KEY || place.key === 'anchor')) || (depth === 3 && place.key === FIELDS_KEY)
  if (!stored || !(item.content instanceof Y.ContentAny)) return
  for (const value of item.content.arr) {
    if (typeof value === 'string' && !parseStoredJsonObject(value)) {
      throw new Refusal('shape', `${describeSlot(place)} holds a string that is not a JSON object's text (or is too long)`)
    }
  }
}

/** The keys that hold an annotation's or a comment's `authorId`: its own, and `fields` (storedFields.ts). */
function isAuthorshipKey(key: string | null): boolean {
  return key === 'authorId' || key === FIELDS_KEY
}

function hasComments(annotation: Y.Item): boolean {
  return annotation.content instanceof Y.ContentType && (annotation.content.type as Y.Map<unknown>).get('comments') instanceof Y.Array
}

function describeSlot(place: Place): string {
  const path = [place.root, ...place.containerKeys.map((key) => key ?? '[]')]
  return `${path.join('.')}${place.key === null ? '[]' : `.${place.key}`}`
}

function article(role: DocumentRole): string {
  return role === 'annotator' || role === 'owner' || role === 'editor' ? `an ${role}` : `a ${role}`
}
