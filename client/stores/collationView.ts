import { defineStore } from 'pinia'
import { reactive } from 'vue'

/** How one collation is shown in this browser: column order, hidden columns, the view and its base text. */
export interface CollationLayout {
  /** Witness indexes, left to right. */
  order: number[]
  hidden: number[]
  mode: 'parallel' | 'reading'
  /** Witness index of the reading view's base text. */
  base: number
}

/**
 * Per-user layout of the collation views, kept while the app runs (a layout is a
 * reader's preference, not shared: every editor reorders and hides columns for
 * themself). The rules of reordering and hiding live here, not in templates.
 */
export const useCollationViewStore = defineStore('collationView', () => {
  const layouts = reactive(new Map<string, CollationLayout>())

  const fresh = (count: number): CollationLayout => ({ order: Array.from({ length: count }, (_, i) => i), hidden: [], mode: 'parallel', base: 0 })

  /**
   * The layout of a collation of `count` witnesses: the one this user set, or
   * every column shown in table order. Only reads (views call it in computed
   * values); a layout is stored on the first change.
   */
  function layoutOf(collationId: string, count: number): CollationLayout {
    const layout = layouts.get(collationId)
    return layout && layout.order.length === count ? layout : fresh(count)
  }

  /** The stored layout, made on the first change (a fresh one when the witness count changed). */
  function edited(collationId: string, count: number): CollationLayout {
    const layout = layouts.get(collationId)
    if (!layout || layout.order.length !== count) layouts.set(collationId, fresh(count))
    return layouts.get(collationId)!
  }

  /** Moves a column one place left (-1) or right (+1); nothing at either end. */
  function moveColumn(collationId: string, count: number, witness: number, direction: -1 | 1): void {
    const { order } = edited(collationId, count)
    const at = order.indexOf(witness)
    const to = at + direction
    if (at < 0 || to < 0 || to >= order.length) return
    ;[order[at], order[to]] = [order[to], order[at]]
  }

  /** Hides or shows a column; the last shown column cannot be hidden. */
  function toggleColumn(collationId: string, count: number, witness: number): void {
    const layout = edited(collationId, count)
    const at = layout.hidden.indexOf(witness)
    if (at >= 0) layout.hidden.splice(at, 1)
    else if (layout.hidden.length < count - 1) layout.hidden.push(witness)
  }

  function setMode(collationId: string, count: number, mode: CollationLayout['mode']): void {
    edited(collationId, count).mode = mode
  }

  function setBase(collationId: string, count: number, base: number): void {
    if (base >= 0 && base < count) edited(collationId, count).base = base
  }

  return { layoutOf, moveColumn, toggleColumn, setMode, setBase }
})
