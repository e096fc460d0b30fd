import * as Y from 'yjs'
import { annotationsMap } from '../model'
import { storedField } from '../annotations/storedFields'

/*
 * Which annotations are tracked changes, kept per Y.Doc so that openChanges need
 * not read every annotation each time it is asked (issue #20). The editor asks on
 * every sync of the document and on every keystroke's round trip through the
 * Y.Doc; walking 5,000 annotations to find none took 18–133 ms of the load in the
 * annotation bench's profile (load average 15–20).
 */

interface Index {
  ids: Set<string>
  annotations: Y.Map<unknown>
}

const indexes = new WeakMap<Y.Doc, Index>()

/** An entry of the annotations map is a tracked change if its `change` says what it proposes. */
function isTrackedChange(entry: unknown): boolean {
  if (!(entry instanceof Y.Map)) return false
  const change = storedField(entry as Y.Map<unknown>, 'change')
  return change === 'insert' || change === 'delete'
}

function recheck(index: Index, id: string): void {
  if (isTrackedChange(index.annotations.get(id))) index.ids.add(id)
  else index.ids.delete(id)
}

/**
 * The ids of the annotations whose `change` is 'insert' or 'delete' (open or
 * settled), as of the last finished transaction of `ydoc`. The first call reads
 * every annotation; after it, each transaction rechecks only the entries it
 * added, replaced, removed or changed, before any observer of it runs (so an
 * observer asking here sees that transaction's changes). Inside a transaction
 * that is still running the answer may lag it: callers there walk instead
 * (see `trackedChangesCurrent`).
 */
export function trackedChangeIds(ydoc: Y.Doc): ReadonlySet<string> {
  let index = indexes.get(ydoc)
  if (!index) {
    const annotations = annotationsMap(ydoc) as Y.Map<unknown>
    const built: Index = { ids: new Set(), annotations }
    annotations.forEach((entry, id) => { if (isTrackedChange(entry)) built.ids.add(id) })
    ydoc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
      for (const [type, keys] of transaction.changed) {
        if ((type as unknown) === annotations) {
          for (const key of keys) if (key !== null) recheck(built, key)
        } else if (type._item?.parent === annotations && typeof type._item.parentSub === 'string') {
          recheck(built, type._item.parentSub)
        }
      }
    })
    indexes.set(ydoc, built)
    index = built
  }
  return index.ids
}

/** True when `trackedChangeIds(ydoc)` is current: no transaction of `ydoc` is running. */
export function trackedChangesCurrent(ydoc: Y.Doc): boolean {
  return ydoc._transaction === null
}
