import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { SearchHit, SearchResponse } from '../../core/api'
import type { SearchParameters } from '../../core/search'
import { searchWorkspace } from '../api/searchWorkspace'
import type { PaneSpec } from '../composables/useHashRoute'

/** The hits of one document, in the order the server gave them. */
export interface SearchGroup {
  documentId: string
  title: string
  hits: SearchHit[]
}

/** What a hit's kind is called in the results. */
export const HIT_KIND_LABELS: Record<SearchHit['kind'], string> = { text: 'Text', quote: 'Annotated passage', comment: 'Comment' }

/**
 * The workspace search: the parameters last searched (from the #/search
 * address), the answer, and the answer grouped by document. A newer search
 * cancels an older one still under way, so a slow answer never replaces a
 * fresher one.
 */
export const useSearchStore = defineStore('search', () => {
  const params = ref<SearchParameters>({})
  const response = shallowRef<SearchResponse | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let inFlight: AbortController | null = null

  const groups = computed<SearchGroup[]>(() => {
    const out: SearchGroup[] = []
    for (const hit of response.value?.hits ?? []) {
      const last = out[out.length - 1]
      if (last && last.documentId === hit.documentId) last.hits.push(hit)
      else out.push({ documentId: hit.documentId, title: hit.documentTitle, hits: [hit] })
    }
    return out
  })

  const summary = computed(() => {
    const hits = response.value?.hits.length ?? 0
    if (!response.value) return ''
    if (hits === 0) return `No match for “${response.value.query}”.`
    const documents = groups.value.length
    const more = response.value.truncated ? ' (showing the first; narrow the search to see the rest)' : ''
    return `${hits} match${hits === 1 ? '' : 'es'} in ${documents} document${documents === 1 ? '' : 's'}${more}.`
  })

  /** Searches with `next`; an empty query clears the results. */
  async function search(next: SearchParameters): Promise<void> {
    params.value = { ...next }
    inFlight?.abort()
    error.value = null
    if (!next.q?.trim()) {
      response.value = null
      loading.value = false
      return
    }
    const controller = new AbortController()
    inFlight = controller
    loading.value = true
    try {
      const answer = await searchWorkspace(next, controller.signal)
      if (inFlight === controller) response.value = answer
    } catch (caught) {
      if (inFlight !== controller) return
      response.value = null
      error.value = (caught as Error).message
    } finally {
      if (inFlight === controller) {
        loading.value = false
        inFlight = null
      }
    }
  }

  return { params, response, loading, error, groups, summary, search }
})

/**
 * The editor pane a hit opens: the passage selected, or for an orphaned
 * annotation's quote or comment (no place any more) the document's top.
 */
export function paneForHit(hit: SearchHit): PaneSpec {
  if (hit.start === null || hit.end === null) return { documentId: hit.documentId, offset: null }
  return hit.end > hit.start ? { documentId: hit.documentId, offset: hit.start, end: hit.end } : { documentId: hit.documentId, offset: hit.start }
}
