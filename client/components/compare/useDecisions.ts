import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { DocumentSession } from '../../sync/documentSession'
import { decisionsMap, listDecisions, type StoredDecision } from '../../../doc'
import { FragmentText } from '../../../doc'

/** The session's decisions by id, live: every editor's writes show at once. */
export function useDecisions(session: Readonly<Ref<DocumentSession | null>>): ShallowRef<Map<string, StoredDecision>> {
  const decisions = shallowRef<Map<string, StoredDecision>>(new Map())
  let detach: (() => void) | null = null
  watch(session, (current) => {
    detach?.()
    detach = null
    if (!current) {
      decisions.value = new Map()
      return
    }
    const map = decisionsMap(current.ydoc)
    const read = () => (decisions.value = listDecisions(current.ydoc))
    map.observeDeep(read)
    read()
    detach = () => map.unobserveDeep(read)
  }, { immediate: true })
  onScopeDispose(() => detach?.())
  return decisions
}

/** How long after the last edit the projection is re-read (an aligned view need not follow each keystroke). */
const PROJECTION_REFRESH_MS = 400

/** The session's plain-text projection once it is ready, re-read shortly after edits; null before. */
export function useProjection(session: Readonly<Ref<DocumentSession | null>>, ready: Readonly<Ref<boolean>>): ShallowRef<string | null> {
  const projection = shallowRef<string | null>(null)
  let detach: (() => void) | null = null
  watch([session, ready], ([current, isReady]) => {
    detach?.()
    detach = null
    if (!current || !isReady) {
      projection.value = null
      return
    }
    const fragment = current.fragment
    let timer: ReturnType<typeof setTimeout> | null = null
    const read = () => {
      timer = null
      const next = new FragmentText(fragment).projection
      if (next !== projection.value) projection.value = next
    }
    const onChange = () => {
      if (!timer) timer = setTimeout(read, PROJECTION_REFRESH_MS)
    }
    fragment.observeDeep(onChange)
    read()
    detach = () => {
      fragment.unobserveDeep(onChange)
      if (timer) clearTimeout(timer)
    }
  }, { immediate: true })
  onScopeDispose(() => detach?.())
  return projection
}
