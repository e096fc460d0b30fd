import type * as Y from 'yjs'

/**
 * The principal this replica of a document writes as (docs/DATA-MODEL.md, "Who may
 * write what"): once accounts exist, the server refuses a new annotation or comment
 * whose `authorId` is not the sender's principal id. Like the Y.Doc's `clientID`, it
 * belongs to the replica, not to one call: the client binds it when it knows who is
 * signed in, and every writer of annotations and comments in doc/ stamps it, so no
 * panel, import or restore can forget it. Unbound (open mode, the server's own
 * writes), writers keep the `authorId` they are given, if any.
 */
const authors = new WeakMap<Y.Doc, string>()

/** Binds `ydoc`'s writes to principal `id` (an account id, `token:<id>`, `share:<id>`); null unbinds. */
export function setLocalAuthorId(ydoc: Y.Doc, id: string | null): void {
  if (id === null) authors.delete(ydoc)
  else if (!id) throw new RangeError('a principal id must not be empty')
  else authors.set(ydoc, id)
}

/** The principal id `ydoc`'s writes carry, or undefined when none is bound. */
export function localAuthorId(ydoc: Y.Doc): string | undefined {
  return authors.get(ydoc)
}

/**
 * The `authorId` a new annotation or comment written into `ydoc` gets: the bound
 * principal when there is one (the server would refuse any other), else `given`.
 */
export function authorIdFor(ydoc: Y.Doc, given: string | undefined): string | undefined {
  return authors.get(ydoc) ?? given
}
