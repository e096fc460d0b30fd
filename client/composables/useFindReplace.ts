import { computed, reactive, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type { EditorView } from 'prosemirror-view'
import { escapeRegExp, type FindQuery } from '../../core/search'
import { FIND_EVENT, findStateOf, focusCurrentMatch, replaceAll, replaceCurrent, revealCurrentMatch, setFindQuery, stepMatch, type ApplyEdits, type FindEventDetail } from '../editor/findPlugin'

/** The find bar's switches; the pattern itself is set apart (setPattern). */
export type FindOptions = Omit<FindQuery, 'pattern'>

export interface FindReplace {
  /** The bar is shown. */
  open: Ref<boolean>
  /** Whether the replace row is shown (Ctrl+H) or only find (Ctrl+F). */
  replacing: Ref<boolean>
  pattern: Ref<string>
  replacement: Ref<string>
  options: FindOptions
  /** Count, current match and error, as the editor's find plugin reports them. */
  status: ShallowRef<FindEventDetail>
  /** "3 of 17", "No matches", "1 of 10000+"; "" before anything is typed. */
  countLabel: ComputedRef<string>
  /** What the last replace did ("Replaced 17."), for a polite live region. */
  message: Ref<string>
  /** Grows each time the bar asks for its inputs to take the focus (Ctrl+F again). */
  focusRequest: Ref<number>
  show(replace: boolean): void
  setPattern(pattern: string): void
  next(): void
  previous(): void
  replaceOne(): void
  replaceEvery(): void
  /** Closes the bar and puts the focus back into the text, on the current match. */
  close(): void
}

const NOTHING: FindEventDetail = { open: false, count: 0, current: -1, truncated: false, error: null }

/** The longest selection taken over as the pattern when the bar opens. */
const SELECTION_AS_PATTERN_MAX = 200

/**
 * The find bar's state and actions over one editor view. The search runs as the
 * pattern changes; the bar sets the pattern on `input` and `compositionend`,
 * never in the middle of an input-method composition (FindBar.vue). Options
 * default to case folding and width folding on, so 中国－中亚 finds 中国-中亚 and
 * "asia" finds "Asia" without asking.
 */
/**
 * `proposeEdits`: while it returns a function (suggesting mode is on), replacements
 * are proposed as tracked changes through it instead of changing the text.
 */
export function useFindReplace(view: ShallowRef<EditorView | null>, proposeEdits: () => ApplyEdits | undefined = () => undefined): FindReplace {
  const open = ref(false)
  const replacing = ref(false)
  const pattern = ref('')
  const replacement = ref('')
  const options = reactive<FindOptions>({ regex: false, caseSensitive: false, foldWidth: true, wholeWord: false })
  const status = shallowRef<FindEventDetail>(NOTHING)
  const message = ref('')
  const focusRequest = ref(0)

  const search = (): void => {
    const editor = view.value
    if (!editor) return
    message.value = ''
    setFindQuery(editor, open.value && pattern.value ? { pattern: pattern.value, ...options } : null)
    revealCurrentMatch(editor)
  }

  // Follow the plugin's reports of the view in use (a new view after a document switch).
  watch(
    view,
    (current, _previous, onCleanup) => {
      status.value = NOTHING
      if (!current) return
      const listener = (event: Event): void => {
        status.value = (event as CustomEvent<FindEventDetail>).detail
      }
      current.dom.addEventListener(FIND_EVENT, listener)
      onCleanup(() => current.dom.removeEventListener(FIND_EVENT, listener))
      if (open.value) search()
    },
    { immediate: true },
  )
  watch(options, search)

  const countLabel = computed(() => {
    const { count, current, truncated, error } = status.value
    if (!pattern.value || error) return ''
    if (!count) return 'No matches'
    return `${current >= 0 ? current + 1 : '–'} of ${count}${truncated ? '+' : ''}`
  })

  function show(replace: boolean): void {
    replacing.value = replace
    const editor = view.value
    // Pressed in the text with a short selection within one paragraph: that is
    // what the user wants to find. (Not from the bar: there the selection is the
    // current match, and taking it would overwrite the pattern that found it.)
    if (editor?.hasFocus()) {
      const { from, to } = editor.state.selection
      const selected = editor.state.doc.textBetween(from, to, '\n')
      if (selected && selected.length <= SELECTION_AS_PATTERN_MAX && !selected.includes('\n')) {
        pattern.value = options.regex ? escapeRegExp(selected) : selected
      }
    }
    open.value = true
    focusRequest.value++
    search()
  }

  function setPattern(value: string): void {
    if (value === pattern.value) return
    pattern.value = value
    search()
  }

  function step(by: number): void {
    if (view.value) stepMatch(view.value, by)
  }

  function replaceOne(): void {
    const editor = view.value
    if (!editor) return
    message.value = replaceCurrent(editor, replacement.value, proposeEdits()) ? '' : 'Nothing to replace.'
  }

  function replaceEvery(): void {
    const editor = view.value
    if (!editor) return
    const truncated = findStateOf(editor.state)?.truncated ?? false
    const propose = proposeEdits()
    const count = replaceAll(editor, replacement.value, propose)
    message.value = count
      ? `${propose ? 'Proposed' : 'Replaced'} ${count}${truncated ? ' (the most one search finds; replace all again for the rest)' : ''}${propose ? ' as suggestions' : ''}. Ctrl+Z in the text undoes it.`
      : 'Nothing to replace.'
  }

  function close(): void {
    const editor = view.value
    open.value = false
    message.value = ''
    if (!editor) return
    // Select the current match before the decorations go, then hand the focus back.
    focusCurrentMatch(editor)
    setFindQuery(editor, null)
  }

  return {
    open,
    replacing,
    pattern,
    replacement,
    options,
    status,
    countLabel,
    message,
    focusRequest,
    show,
    setPattern,
    next: () => step(1),
    previous: () => step(-1),
    replaceOne,
    replaceEvery,
    close,
  }
}
