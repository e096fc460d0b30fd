import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useCollationViewStore } from '../../../client/stores/collationView'

beforeEach(() => setActivePinia(createPinia()))

describe('collationView store', () => {
  it('starts with every column in table order, moves columns one place and not past either end', () => {
    const store = useCollationViewStore()
    expect(store.layoutOf('c1', 3)).toEqual({ order: [0, 1, 2], hidden: [], mode: 'parallel', base: 0 })
    store.moveColumn('c1', 3, 0, 1)
    expect(store.layoutOf('c1', 3).order).toEqual([1, 0, 2])
    store.moveColumn('c1', 3, 1, -1)
    expect(store.layoutOf('c1', 3).order).toEqual([1, 0, 2])
    store.moveColumn('c1', 3, 2, 1)
    expect(store.layoutOf('c1', 3).order).toEqual([1, 0, 2])
  })

  it('hides and shows columns but never the last one shown', () => {
    const store = useCollationViewStore()
    store.toggleColumn('c1', 2, 0)
    expect(store.layoutOf('c1', 2).hidden).toEqual([0])
    store.toggleColumn('c1', 2, 1)
    expect(store.layoutOf('c1', 2).hidden).toEqual([0])
    store.toggleColumn('c1', 2, 0)
    expect(store.layoutOf('c1', 2).hidden).toEqual([])
  })

  it('keeps one layout per collation, and a fresh one when the witness count changes', () => {
    const store = useCollationViewStore()
    store.setMode('c1', 3, 'reading')
    store.setBase('c1', 3, 2)
    store.setBase('c1', 3, 5)
    expect(store.layoutOf('c1', 3)).toMatchObject({ mode: 'reading', base: 2 })
    expect(store.layoutOf('c2', 3).mode).toBe('parallel')
    expect(store.layoutOf('c1', 4)).toEqual({ order: [0, 1, 2, 3], hidden: [], mode: 'parallel', base: 0 })
  })
})
