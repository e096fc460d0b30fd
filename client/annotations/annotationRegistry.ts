import type * as Y from 'yjs'
import { AnnotationStore } from './annotationStore'

const stores = new WeakMap<Y.Doc, AnnotationStore>()

/**
 * The one AnnotationStore of a Y.Doc, shared by every pane and sidebar showing
 * it (so one client runs one selector refresh). Destroyed with the Y.Doc.
 */
export function annotationStoreFor(ydoc: Y.Doc): AnnotationStore {
  let store = stores.get(ydoc)
  if (!store) {
    const created = new AnnotationStore(ydoc)
    stores.set(ydoc, created)
    ydoc.once('destroy', () => {
      created.destroy()
      stores.delete(ydoc)
    })
    store = created
  }
  return store
}
