import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { FragmentText, type DocumentLookup } from '../../doc'
import type { DocumentSession } from '../sync/documentSession'
import { acquireSession, releaseSession } from '../sync/sessionRegistry'
import { useIdentityStore } from '../stores/identity'

/** Another document a collation's witnesses lie in, as the collation view shows it. */
export interface WitnessDocument {
  session: DocumentSession
  /** Its plain-text projection once the session is ready, re-read shortly after edits; null before. */
  projection: string | null
}

/** How long after the last edit a witness document's projection is re-read, as useProjection does. */
const PROJECTION_REFRESH_MS = 400

/**
 * The sessions of the other documents `ids` names, held while the caller lives,
 * for display only (no editor is mounted on them; a reading applied from the
 * collation view is the one write). `documents` changes whenever one of them
 * loads or its text changes, and so does `lookup` (a new function each time), so
 * a watcher on it reads the collations again. `lookup` finds a document only
 * once its session is ready: before that its witnesses read as missing.
 */
export function useWitnessDocuments(ids: Readonly<Ref<string[]>>): {
  documents: ShallowRef<ReadonlyMap<string, WitnessDocument>>
  lookup: ShallowRef<DocumentLookup>
} {
  const identity = useIdentityStore()
  const documents = shallowRef<ReadonlyMap<string, WitnessDocument>>(new Map())
  const lookup = shallowRef<DocumentLookup>(() => null)
  const held = new Map<string, { session: DocumentSession; projection: string | null; close: () => void }>()

  const publish = () => {
    documents.value = new Map([...held].map(([id, h]) => [id, { session: h.session, projection: h.projection }]))
    const ready = new Map([...held].filter(([, h]) => h.projection !== null).map(([id, h]) => [id, h.session.ydoc]))
    lookup.value = (id) => ready.get(id) ?? null
  }

  function open(id: string): void {
    const session = acquireSession(id, identity.user)
    const entry = { session, projection: null as string | null, close: () => {} }
    let timer: ReturnType<typeof setTimeout> | null = null
    const read = () => {
      timer = null
      const next = new FragmentText(session.fragment).projection
      if (next !== entry.projection) {
        entry.projection = next
        publish()
      }
    }
    const onChange = () => {
      if (entry.projection !== null && !timer) timer = setTimeout(read, PROJECTION_REFRESH_MS)
    }
    session.fragment.observeDeep(onChange)
    const unsubscribe = session.subscribe((status) => {
      if (status.ready && entry.projection === null) read()
    })
    entry.close = () => {
      unsubscribe()
      session.fragment.unobserveDeep(onChange)
      if (timer) clearTimeout(timer)
      releaseSession(id)
    }
    held.set(id, entry)
  }

  // A string key: the ids array is rebuilt on every read of the collations.
  watch(() => [...new Set(ids.value)].sort().join('\u0000'), (key) => {
    const wanted = new Set(key ? key.split('\u0000') : [])
    for (const [id, entry] of held) {
      if (!wanted.has(id)) {
        entry.close()
        held.delete(id)
      }
    }
    for (const id of wanted) if (!held.has(id)) open(id)
    publish()
  }, { immediate: true })
  onScopeDispose(() => {
    for (const entry of held.values()) entry.close()
    held.clear()
  })
  return { documents, lookup }
}
