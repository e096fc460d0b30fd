import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { keymap } from 'prosemirror-keymap'
import { ySyncPluginKey } from 'y-prosemirror'
import { BUILT_IN_TYPES } from '../../core/annotations/annotation'
import type { AnnotationStore, AnnotationView } from '../annotations/annotationStore'
import { annotationLayers, nextAtPoint } from './annotationLayers'
import { firstWindow, watchVisibleWindow, type DecorationWindow } from './visibleWindow'
import { keepDecoratedTextNodes } from './keepDecoratedTextNodes'
import { annotationSegments, type Segment, type SegmentSource } from './annotationSegments'
import { sameDecorations } from './sameDecorations'

/**
 * Annotations as ProseMirror decorations. The annotated text is cut into
 * stretches under one constant set of annotations (annotationSegments), each
 * one flat inline decoration whose classes draw every annotation covering it
 * (segmentDecoration), plus a label chip with the type's text at each
 * annotation's start, so a type is never told by colour alone (in a large
 * document the selected and the hovered annotation's chip only, see
 * labelledIn; the side panel names every one). The chips take no room in the
 * text (labelWidget): an annotation that starts inside a word leaves the word
 * whole. Overlaps are stacked: every annotation gets a layer
 * (annotationLayers) and draws its underline that many steps lower, so nested
 * and crossing annotations stay visible. Hover shows type, author and first
 * comment (title); a click selects the innermost annotation under the pointer,
 * a second click the next one there (dense overlaps stay reachable).
 *
 * Positions: projection offset o ↔ ProseMirror position o + 1 (a document of
 * paragraphs only, core/text/projection.ts). The store resolves the Yjs
 * relative positions; between rebuilds the decorations are mapped through
 * ProseMirror transactions (local and remote edits alike arrive as such).
 *
 * Cost per keystroke (issue #20): in a large document only the annotations
 * around the viewport are drawn, and only those are mapped; the spans carry no
 * title (the label has it), so typing inside one changes no attribute. After a
 * pause the drawn window is rebuilt in idle time from the store, which
 * re-resolves only the annotations of edited paragraphs.
 */

export interface AnnotationPluginOptions {
  store: AnnotationStore
  /** The user picked an annotation in the text. */
  onSelect: (id: string | null) => void
  /** The user asked for a new annotation of `type` on the selection [start, end) (projection offsets). */
  onCreate?: (type: string, start: number, end: number) => void
  /** Delay of the rebuild after text edits (mapping covers the meantime); it then waits for idle time. */
  textRebuildMs?: number
  /**
   * Label chips in the text (default true): every annotation's, but in a large
   * document (LARGE_DOCUMENT_SIZE) only the selected and the hovered one's; false: none.
   */
  labels?: boolean
}


interface AnnotationPluginState {
  /** What is drawn: the store's annotations within `window`, mapped through the edits since. */
  decorations: DecorationSet
  selected: string | null
  /** The annotation under the pointer (large documents label it), or null. */
  hovered: string | null
  window: DecorationWindow
  /** Drawn from the store's provisional list (its anchors not all resolved yet): drawn again once list() is current. */
  provisional: boolean
}

/** `rebuilt`: the state the plugin view built from the store for the very state it dispatches from. */
type Meta = { rebuilt: AnnotationPluginState } | { select: string | null } | { hover: string | null } | { window: DecorationWindow }

/**
 * Documents larger than this (ProseMirror size ≈ characters) get the class
 * `ann-large`, whose paragraphs skip layout while off screen
 * (content-visibility: auto): with thousands of nested annotation spans,
 * laying out the whole document on every keystroke is what made typing slow.
 * Worked example: the 28 K-character sample stays as it is; the sample
 * repeated to ~200 KB (≈ 70 K characters) gets it, together with drawing
 * only the annotations near the visible text (visibleWindow); its keystroke
 * p95 in Chromium with 5,000 annotations dropped from ~900 ms to ~37 ms
 * (bench/annotations; 20 ms without annotations on the same machine).
 */
export const LARGE_DOCUMENT_SIZE = 50_000

/** The height of the browser's viewport (CSS pixels); outside a browser, a laptop's. */
const viewportHeight = (): number => (typeof innerHeight === 'number' && innerHeight > 0 ? innerHeight : 900)

export const annotationPluginKey = new PluginKey<AnnotationPluginState>('variorum-annotations')

/** Keyboard shortcut for built-in type number `index` (0-based): Alt+1 … Alt+9. */
export const shortcutOf = (index: number): string => `Alt-${index + 1}`

function describe(view: AnnotationView): string {
  const first = view.comments[0]
  const status = view.status === 'resolved' ? ' (resolved)' : ''
  const comment = first ? `\n${first.author}: ${first.text}` : ''
  return `${view.typeDef.label}${status} · ${view.author}${comment}`
}

interface Chip { view: AnnotationView; color: string; selected: boolean }

/**
 * One label chip per annotation, `.ann-label`, with the type's text. The chips of the
 * annotations starting at one place (or close enough that their chips would overlap)
 * share one anchor: a zero-width element in the text whose chips sit in a row above
 * the line, out of flow, so an annotation starting inside a word (or a run of Chinese
 * characters) never splits it on screen (issue #18 point 7). CSS only: no layout read.
 */
function labelWidget(chips: readonly Chip[]): () => HTMLElement {
  return () => {
    const anchor = document.createElement('span')
    anchor.className = 'ann-anchor'
    anchor.contentEditable = 'false'
    anchor.setAttribute('aria-hidden', 'true')
    const row = document.createElement('span')
    row.className = 'ann-chips'
    for (const { view, color, selected } of chips) {
      const label = document.createElement('span')
      label.className = `ann-label${selected ? ' ann-selected' : ''}${view.status === 'resolved' ? ' ann-resolved' : ''}`
      label.textContent = view.typeDef.label
      label.style.setProperty('--ann-color', color)
      label.dataset.annotationId = view.id
      label.title = describe(view)
      // Not read inside the sentence it sits in: the caret's live region says what the
      // annotation is when the caret enters it (annotationAtCaret.ts, issue #18 point 8).
      label.setAttribute('aria-hidden', 'true')
      row.append(label)
    }
    anchor.append(row)
    return anchor
  }
}

/**
 * About how many characters of text a row of chips spans: a chip's letters are a little
 * more than half as wide as the text's Latin letters, plus its padding. An estimate from
 * the model, so grouping chips never reads the layout.
 */
function chipsWidthInCharacters(chips: readonly Chip[]): number {
  return chips.reduce((sum, { view }) => sum + view.typeDef.label.length * 0.6 + 1.5, 0)
}

/** The rules giving annotation segments their colours, in an adopted stylesheet (created on first use). */
let colorSheet: CSSStyleSheet | null = null
const colorRules = new Map<string, string | null>()

/** The deepest layer drawn on its own line; deeper ones share it (dotted, see annotations.css). */
const DEEPEST_LAYER = 5

/**
 * A class setting `property` to `value` for every element that has it
 * (`.name { property: value }`), or null (then a style attribute does): spans
 * that differ only in classes share their computed style in Chromium, spans
 * with a style attribute never do, and each keystroke in annotated text
 * recomputes the style of the span around the caret. An adopted stylesheet
 * edited through the CSSOM is allowed by the CSP, which refuses <style> elements.
 */
function ruleClass(name: string, property: string, value: string): string | null {
  const known = colorRules.get(name)
  if (known !== undefined) return known
  let made: string | null = null
  if (typeof document !== 'undefined' && typeof CSSStyleSheet !== 'undefined' && 'adoptedStyleSheets' in document) {
    try {
      if (!colorSheet) {
        colorSheet = new CSSStyleSheet()
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, colorSheet]
      }
      colorSheet.insertRule(`.${name} { ${property}: ${value}; }`)
      made = name
    } catch {
      made = null
    }
  }
  colorRules.set(name, made)
  return made
}

const isHex = (color: string): boolean => /^#[0-9a-fA-F]{3,8}$/.test(color)

/**
 * The underline of one layer: a background image 2 px high that annotations.css
 * places that layer's steps below the text (`--ann-uN`). Resolved annotations
 * draw it dashed, the deepest layer dotted (it may hold several annotations).
 */
function underlineImage(color: string, layer: number, resolved: boolean): string {
  if (layer >= DEEPEST_LAYER) return `repeating-linear-gradient(to right, ${color} 0 2px, transparent 2px 4px)`
  if (resolved) return `repeating-linear-gradient(to right, ${color} 0 5px, transparent 5px 8px)`
  return `linear-gradient(${color}, ${color})`
}

/** The class (or else the declaration for a style attribute) drawing layer `layer`'s underline in `color`. */
function underline(color: string, layer: number, resolved: boolean): { cls: string | null; style: string } {
  const property = `--ann-u${layer}`
  const value = underlineImage(color, layer, resolved)
  const cls = isHex(color) ? ruleClass(`ann-u${layer}${resolved && layer < DEEPEST_LAYER ? 'r' : ''}-${color.slice(1).toLowerCase()}`, property, value) : null
  return { cls, style: cls ? '' : `${property}: ${value};` }
}

/** The class (or else the declaration) setting the tint colour `--ann-color`. */
function tint(color: string): { cls: string | null; style: string } {
  const cls = isHex(color) ? ruleClass(`ann-c-${color.slice(1).toLowerCase()}`, '--ann-color', color) : null
  return { cls, style: cls ? '' : `--ann-color: ${color};` }
}

/** An annotation as a segment draws it. */
interface Drawn { view: AnnotationView; color: string; resolved: boolean }

/**
 * The one inline decoration of a stretch of text under a constant set of
 * annotations (annotationSegments): classes only, so that typing inside it
 * changes nothing of it. `ann-dN`: the depth of its deepest layer (how far
 * below the text its underlines reach); one underline per covering layer
 * (`--ann-uN`, see underline); a tint of the innermost unresolved annotation's
 * colour (or the selected one's), stronger where more overlap (`ann-tN`);
 * `data-annotations`: the ids covering it, outermost first, for tests and
 * tools (hover and click resolve annotations from positions through the store).
 * Its spec's `key` names all of that, so that a rebuild drawing the same can be
 * told from the mapped set (sameDecorations) and skipped.
 */
function segmentDecoration(segment: Segment<Drawn>, selected: string | null): Decoration {
  const classes = ['ann']
  const styles: string[] = []
  const layers = segment.covering
  const deepest = Math.min(layers[layers.length - 1].layer, DEEPEST_LAYER)
  classes.push(`ann-d${deepest + 1}`)
  let tintColor: string | null = null
  let unresolved = 0
  let isSelected = false
  for (const { layer, item } of layers) {
    const { cls, style } = underline(item.color, Math.min(layer, DEEPEST_LAYER), item.resolved)
    if (cls) classes.push(cls)
    else styles.push(style)
    if (!item.resolved) {
      unresolved++
      tintColor = item.color
    }
    if (item.view.id === selected) isSelected = true
  }
  if (isSelected) {
    classes.push('ann-selected')
    tintColor = layers.find(({ item }) => item.view.id === selected)!.item.color
  }
  classes.push(`ann-t${isSelected ? 's' : Math.min(unresolved, 3)}`)
  if (tintColor) {
    const { cls, style } = tint(tintColor)
    if (cls) classes.push(cls)
    else styles.push(style)
  }
  const cls = [...new Set(classes)].join(' ')
  const style = styles.join(' ')
  const ids = layers.map(({ item }) => item.view.id).join(' ')
  return Decoration.inline(segment.from, segment.to, {
    // Its own element: other plugins' inline decorations (find, highlights) never merge into it.
    nodeName: 'span',
    class: cls,
    ...(style ? { style } : {}),
    'data-annotations': ids,
  }, { key: `ann:${cls}|${style}|${ids}` })
}

/**
 * The decorations for the store's anchored annotations in `state`'s document.
 * `labels`: which annotations get a label chip in the text (true: all; a
 * function: those it accepts, e.g. only the selected and hovered one).
 */
export function buildAnnotationDecorations(state: EditorState, list: readonly AnnotationView[], selected: string | null, labels: boolean | ((id: string) => boolean) = true, window: DecorationWindow = null): DecorationSet {
  const labelled = typeof labels === 'function' ? labels : () => labels
  const max = state.doc.content.size - 1
  const anchored = list.flatMap((v) => (v.resolution.status === 'anchored'
    && (!window || (v.resolution.end + 1 >= window.from && v.resolution.start + 1 <= window.to))
    ? [{ view: v, start: v.resolution.start, end: v.resolution.end }] : []))
  const layers = annotationLayers(anchored.map(({ view, start, end }) => ({ id: view.id, start, end })))
  const starts: { from: number; chip: Chip }[] = []
  const sources: SegmentSource<Drawn>[] = []
  for (const { view, start, end } of anchored) {
    const from = Math.min(start + 1, max)
    const to = Math.min(end + 1, max)
    if (from >= to) continue
    const color = view.color ?? view.typeDef.color
    sources.push({ from, to, layer: layers.get(view.id) ?? 0, item: { view, color, resolved: view.status === 'resolved' } })
    if (labelled(view.id)) starts.push({ from, chip: { view, color, selected: view.id === selected } })
  }
  const decorations = annotationSegments(sources).map((segment) => segmentDecoration(segment, selected))
  if (starts.length) {
    // Chips close together in one textblock share one row, at the first one's place.
    starts.sort((a, b) => a.from - b.from)
    let group: { from: number; parent: number; chips: Chip[] } | null = null
    const flush = (): void => {
      if (!group) return
      const { from, chips } = group
      decorations.push(Decoration.widget(from, labelWidget(chips), {
        side: 1,
        key: `ann-label:${chips.map(({ view, color, selected }) => `${view.id}:${view.typeDef.label}:${color}:${selected}:${view.status}:${view.comments[0]?.text ?? ''}`).join('|')}`,
        ignoreSelection: true,
        id: chips[0].view.id,
      }))
    }
    for (const { from, chip } of starts) {
      const parent = state.doc.resolve(from).start()
      if (group && group.parent === parent && from - group.from < chipsWidthInCharacters(group.chips)) {
        group.chips.push(chip)
      } else {
        flush()
        group = { from, parent, chips: [chip] }
      }
    }
    flush()
  }
  return DecorationSet.create(state.doc, decorations)
}

/** The annotation ids under ProseMirror position `pos`, innermost (shortest) first. */
function idsAt(store: AnnotationStore, pos: number): string[] {
  return store.at(pos - 1)
    .filter((v) => v.resolution.status === 'anchored')
    .sort((a, b) => {
      const la = (a.resolution as { end: number; start: number }).end - (a.resolution as { start: number }).start
      const lb = (b.resolution as { end: number; start: number }).end - (b.resolution as { start: number }).start
      return la - lb
    })
    .map((v) => v.id)
}

/** Selects annotation `id` in every editor showing it (highlight only; the sidebar follows its own store). */
export function selectAnnotationInView(view: EditorView, id: string | null): void {
  view.dispatch(view.state.tr.setMeta(annotationPluginKey, { select: id } satisfies Meta))
}

/** The decoration plugin plus the Alt+1…Alt+9 keymap creating an annotation of each built-in type. */
export function annotationPlugins(options: AnnotationPluginOptions): Plugin[] {
  const { store } = options
  const labels = options.labels ?? true
  /**
   * Which annotations get a chip. In a large document only the selected and the
   * hovered one: every chip is a widget in the text, and ProseMirror redraws the
   * widget next to the piece of text being typed in on every keystroke (a new
   * element beside the caret, then the DOM selection set again and a forced
   * layout; issue #20). The side panel lists every annotation with its type.
   */
  const labelledIn = (state: EditorState, selected: string | null, hovered: string | null): boolean | ((id: string) => boolean) => (
    labels && state.doc.content.size > LARGE_DOCUMENT_SIZE ? (id: string) => id === selected || id === hovered : labels)
  /**
   * Selects the annotation under a click. A single click also places the caret
   * at `pos` in the same transaction and reports the click handled: dispatching
   * only the selection of the annotation, before ProseMirror has read the DOM
   * selection the click made, put the old caret back (issue #20: typing after a
   * click on annotated text landed where the caret had been before). Double and
   * triple clicks arrive on mousedown, before the browser selects the word or
   * paragraph, so they leave the selection to it.
   */
  const pick = (view: EditorView, pos: number, event: MouseEvent, placeCaret: boolean): boolean => {
    const target = event.target as HTMLElement | null
    const label = target?.closest?.('.ann-label') as HTMLElement | null
    const selected = annotationPluginKey.getState(view.state)?.selected ?? null
    const id = label?.dataset.annotationId ?? nextAtPoint(idsAt(store, pos), selected)
    if (id === selected) return false
    const tr = view.state.tr.setMeta(annotationPluginKey, { select: id } satisfies Meta)
    if (placeCaret) {
      const anchor = event.shiftKey ? view.state.selection.anchor : pos
      tr.setSelection(TextSelection.between(view.state.doc.resolve(anchor), view.state.doc.resolve(pos)))
    }
    view.dispatch(tr)
    options.onSelect(id)
    return placeCaret
  }
  /** Where the pointer was last seen over the text (null: it left), read once a frame. */
  let pointer: { x: number; y: number; target: EventTarget | null } | null = null
  let hoverFrame: number | null = null
  /**
   * The annotation under the pointer, from its position in the text and the store
   * (the innermost there), or the one whose chip it is on; redrawn only when it changes.
   */
  const updateHover = (view: EditorView): void => {
    hoverFrame = null
    if (view.isDestroyed) return
    let hovered: string | null = null
    if (pointer) {
      const target = pointer.target as HTMLElement | null
      const chip = target?.closest?.('.ann-label') as HTMLElement | null
      // Over annotated text (not the margin beside a line): which one, from the position.
      const at = chip || !target?.closest?.('.ann') ? null : view.posAtCoords({ left: pointer.x, top: pointer.y })
      hovered = chip?.dataset.annotationId ?? (at ? idsAt(store, at.pos)[0] ?? null : null)
    }
    if (hovered !== (annotationPluginKey.getState(view.state)?.hovered ?? null)) {
      view.dispatch(view.state.tr.setMeta(annotationPluginKey, { hover: hovered } satisfies Meta))
    }
  }
  /**
   * What a rebuild of `state` draws `window` from: nothing for an empty window;
   * while the store's list is cold (a large document just arrived,
   * AnnotationStore.cold) the annotations whose stored or last position meets the
   * window (null: the whole document, e.g. the empty one the editor starts with),
   * resolved: one window's worth, not 5,000 anchors before the first screen (issue
   * #20); else list().
   */
  const listFor = (state: EditorState, window: DecorationWindow): { list: readonly AnnotationView[]; provisional: boolean } => {
    if (window && window.from >= window.to) return { list: [], provisional: false }
    if (store.cold) {
      const { from, to } = window ?? { from: 0, to: state.doc.content.size }
      return { list: store.provisional(0, [{ start: from - 1, end: to - 1 }]), provisional: true }
    }
    return { list: store.list(), provisional: false }
  }
  /**
   * The plugin's state drawn afresh from the store for `state`: `given` is the window
   * (null while a large document's is unmeasured: then the estimated first screen,
   * firstWindow, so the synced text arrives with its first screen's decorations).
   */
  const drawn = (state: EditorState, selected: string | null, given: DecorationWindow, hovered: string | null): AnnotationPluginState => {
    const window = given === null && state.doc.content.size > LARGE_DOCUMENT_SIZE ? firstWindow(state.doc, viewportHeight()) : given
    const { list, provisional } = listFor(state, window)
    return { selected, hovered, window, provisional, decorations: buildAnnotationDecorations(state, list, selected, labelledIn(state, selected, hovered), window) }
  }
  const plugin = new Plugin<AnnotationPluginState>({
    key: annotationPluginKey,
    state: {
      init: (_, state) => {
        // A large document starts with an empty window; the view's first update sets it.
        const window = state.doc.content.size > LARGE_DOCUMENT_SIZE ? { from: 0, to: 0 } : null
        const { list, provisional } = listFor(state, window)
        return { decorations: buildAnnotationDecorations(state, list, null, labelledIn(state, null, null), window), selected: null, hovered: null, window, provisional }
      },
      apply(tr: Transaction, value, _old, state) {
        const meta = tr.getMeta(annotationPluginKey) as Meta | undefined
        const rebuild = (selected: string | null, given: DecorationWindow, hovered = value.hovered): AnnotationPluginState => drawn(state, selected, given, hovered)
        let window = value.window
        if (window && tr.docChanged) window = { from: tr.mapping.map(window.from, -1), to: tr.mapping.map(window.to, 1) }
        if (meta && 'select' in meta) return rebuild(meta.select, window)
        if (meta && 'hover' in meta) return meta.hover === value.hovered ? value : rebuild(value.selected, window, meta.hover)
        if (meta && 'rebuilt' in meta) return tr.docChanged ? rebuild(value.selected, window) : meta.rebuilt
        if (!tr.docChanged && !(meta && 'window' in meta)) return value
        // y-prosemirror applies remote edits by replacing the whole document, which
        // would map every decoration away: rebuild from the (already updated) Y.Doc.
        if (tr.docChanged && (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) {
          return rebuild(value.selected, meta && 'window' in meta ? meta.window : window)
        }
        if (meta && 'window' in meta) return rebuild(value.selected, meta.window)
        return { selected: value.selected, hovered: value.hovered, window, provisional: value.provisional, decorations: value.decorations.map(tr.mapping, tr.doc) }
      },
    },
    props: {
      decorations: (state) => annotationPluginKey.getState(state)?.decorations,
      attributes: (state): Record<string, string> => (state.doc.content.size > LARGE_DOCUMENT_SIZE ? { class: 'ann-large' } : {}),
      handleDOMEvents: {
        // Large documents label only the selected and the hovered annotation (labelledIn).
        mousemove: (view, event) => {
          if (!labels || view.state.doc.content.size <= LARGE_DOCUMENT_SIZE) return false
          pointer = { x: event.clientX, y: event.clientY, target: event.target }
          if (hoverFrame === null) hoverFrame = requestAnimationFrame(() => updateHover(view))
          return false
        },
        mouseleave: (view) => {
          pointer = null
          if (hoverFrame === null) hoverFrame = requestAnimationFrame(() => updateHover(view))
          return false
        },
      },
      // Quick repeated clicks arrive as double and triple clicks: each one steps the cycle.
      handleClick: (view, pos, event) => pick(view, pos, event, true),
      handleDoubleClick: (view, pos, event) => pick(view, pos, event, false),
      handleTripleClick: (view, pos, event) => pick(view, pos, event, false),
    },
    view(editorView) {
      let textTimer: ReturnType<typeof setTimeout> | null = null
      let stopListing: (() => void) | null = null
      let pending = false
      // Typing inside an annotation keeps its spans (keepDecoratedTextNodes.ts); needs a text node to install.
      let patched = keepDecoratedTextNodes(editorView)
      const cancelWaits = () => {
        if (textTimer) clearTimeout(textTimer)
        textTimer = null
        stopListing?.()
        stopListing = null
      }
      /**
       * Draws the window afresh from the store, and dispatches it only when it differs
       * from what mapping drew through the edits since: after a pause in typing inside
       * or beside annotations they mostly agree, and a transaction with a new set had
       * ProseMirror compare every paragraph's decorations and set the DOM selection
       * again (a forced layout) for nothing, in a task of its own after each pause (issue #20).
       */
      const rebuild = () => {
        pending = false
        cancelWaits()
        if (editorView.isDestroyed) return
        const { state } = editorView
        const value = annotationPluginKey.getState(state)
        if (!value) return
        const next = drawn(state, value.selected, value.window, value.hovered)
        if (sameDecorations(value.decorations, next.decorations)) {
          // A provisional state drawn again from the whole list is no longer provisional, but
          // keeps the set it drew: ProseMirror then has nothing to compare or redraw.
          if (next.provisional !== value.provisional) editorView.dispatch(state.tr.setMeta(annotationPluginKey, { rebuilt: { ...next, decorations: value.decorations } } satisfies Meta))
          return
        }
        editorView.dispatch(state.tr.setMeta(annotationPluginKey, { rebuilt: next } satisfies Meta))
      }
      // After a pause in typing, once the store has computed the positions in idle-time
      // chunks, so that neither they nor the rebuild ever sit between two keystrokes.
      const rebuildWhenIdle = () => {
        textTimer = null
        stopListing = store.listWhenIdle(rebuild)
      }
      // Large documents: draw only the annotations within a screen of the visible
      // text. ProseMirror compares every paragraph's decorations on every update,
      // so 5,000 annotations drawn everywhere cost tens of ms per keystroke.
      const stopWatching = watchVisibleWindow(editorView, LARGE_DOCUMENT_SIZE,
        () => annotationPluginKey.getState(editorView.state)?.window ?? null,
        (window) => editorView.dispatch(editorView.state.tr.setMeta(annotationPluginKey, { window } satisfies Meta)))
      const unsubscribe = store.subscribe((kind) => {
        if (kind === 'annotations') {
          // After the Yjs observers (y-prosemirror's included) have run, never inside one.
          if (!pending) {
            pending = true
            setTimeout(rebuild, 0)
          }
        } else if (!pending) {
          cancelWaits()
          textTimer = setTimeout(rebuildWhenIdle, options.textRebuildMs ?? 400)
        }
      })
      // The editor is created with the synced document already drawn (from a provisional list,
      // y-prosemirror renders it before this view exists): the whole list follows in idle time.
      if (annotationPluginKey.getState(editorView.state)?.provisional) stopListing = store.listWhenIdle(rebuild)
      return {
        update(view, previous) {
          if (!patched) patched = keepDecoratedTextNodes(view)
          // Drawn from a provisional list: drawn again once the store has listed every annotation in idle time.
          if (annotationPluginKey.getState(view.state)?.provisional && !stopListing && !textTimer && !pending) stopListing = store.listWhenIdle(rebuild)
          // The document arrived (or grew) past the size that draws only a window: measure it.
          if (previous.doc.content.size <= LARGE_DOCUMENT_SIZE && view.state.doc.content.size > LARGE_DOCUMENT_SIZE) stopWatching.refresh()
        },
        destroy() {
          if (hoverFrame !== null) cancelAnimationFrame(hoverFrame)
          hoverFrame = null
          unsubscribe()
          cancelWaits()
          stopWatching()
        },
      }
    },
  })
  const bindings: Record<string, (state: EditorState) => boolean> = {}
  BUILT_IN_TYPES.forEach((type, index) => {
    bindings[shortcutOf(index)] = (state) => {
      const { from, to } = state.selection
      if (from === to || !options.onCreate) return false
      options.onCreate(type, from - 1, to - 1)
      return true
    }
  })
  return [plugin, keymap(bindings)]
}
