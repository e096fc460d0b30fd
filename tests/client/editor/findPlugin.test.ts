import { describe, expect, it } from 'vitest'
import { EditorState, type Transaction } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type { FindQuery } from '../../../core/search'
import { schema } from '../../../client/editor/schema'
import { projectionOf } from '../../../client/editor/positions'
import { findPlugin, findPluginKey, findStateOf, focusCurrentMatch, replaceAll, replaceCurrent, setFindQuery, stepMatch } from '../../../client/editor/findPlugin'

const QUERY: FindQuery = { pattern: '', regex: false, caseSensitive: false, foldWidth: true, wholeWord: false }

/** Just what the find commands use of a view: its state, dispatch and focus; counts the transactions. */
function editorOf(paragraphs: string[]): EditorView & { transactions: Transaction[] } {
  const doc = schema.node('doc', null, paragraphs.map((text) => schema.node('paragraph', null, text ? schema.text(text) : undefined)))
  const view = {
    state: EditorState.create({ schema, doc, plugins: [findPlugin()] }),
    transactions: [] as Transaction[],
    dispatch(tr: Transaction) {
      view.transactions.push(tr)
      view.state = view.state.apply(tr)
    },
    focus() {},
    // Scrolling the current match into view finds its decoration here.
    dom: { querySelector: () => ({ scrollIntoView() {} }) },
  }
  return view as unknown as EditorView & { transactions: Transaction[] }
}

/** The matched texts, the current one in brackets. */
function shown(view: EditorView): string[] {
  const value = findStateOf(view.state)!
  return value.matches.map((m, i) => {
    const text = view.state.doc.textBetween(m.from, m.to, '¶')
    return i === value.current ? `[${text}]` : text
  })
}

function decorationClasses(view: EditorView): string[] {
  return findStateOf(view.state)!.decorations.find().map((d) => (d as unknown as { type: { attrs: { class: string } } }).type.attrs.class)
}

describe('findPlugin', () => {
  it('decorates every match, folding widths, and makes the first one current', () => {
    const view = editorOf(['ＡＢＣ１２３，中亚', 'abc123,中亚'])
    setFindQuery(view, { ...QUERY, pattern: 'abc123,' })
    expect(shown(view)).toEqual(['[ＡＢＣ１２３，]', 'abc123,'])
    expect(decorationClasses(view)).toEqual(['find-match find-current', 'find-match'])
  })

  it('steps forwards and backwards, wrapping around, selecting the match', () => {
    const view = editorOf(['中亚 中亚', '中亚'])
    setFindQuery(view, { ...QUERY, pattern: '中亚' })
    expect(stepMatch(view, 1)).toBe(true)
    expect(shown(view)).toEqual(['中亚', '[中亚]', '中亚'])
    expect(view.state.doc.textBetween(view.state.selection.from, view.state.selection.to)).toBe('中亚')
    expect(view.state.selection.from).toBe(findStateOf(view.state)!.matches[1].from)
    stepMatch(view, 1)
    stepMatch(view, 1)
    expect(shown(view)).toEqual(['[中亚]', '中亚', '中亚'])
    stepMatch(view, -1)
    expect(shown(view)).toEqual(['中亚', '中亚', '[中亚]'])
  })

  it('reports an invalid regular expression as an error, with no matches', () => {
    const view = editorOf(['abc'])
    setFindQuery(view, { ...QUERY, pattern: 'a(', regex: true })
    const value = findStateOf(view.state)!
    expect(value.error).toMatch(/Unterminated group/)
    expect(value.matches).toEqual([])
    setFindQuery(view, null)
    expect(findStateOf(view.state)!.query).toBeNull()
    expect(findStateOf(view.state)!.decorations.find()).toEqual([])
  })

  it('never matches half of a paragraph separator', () => {
    const view = editorOf(['ab', 'cd'])
    setFindQuery(view, { ...QUERY, pattern: '\\n', regex: true })
    expect(shown(view)).toEqual([])
    setFindQuery(view, { ...QUERY, pattern: 'b\\n\\nc', regex: true })
    expect(shown(view)).toEqual(['[b¶c]'])
  })

  it('maps the matches through a local edit, then searches again on refresh', () => {
    const view = editorOf(['xab ab'])
    setFindQuery(view, { ...QUERY, pattern: 'ab' })
    view.dispatch(view.state.tr.insertText('ab', 1))
    expect(findStateOf(view.state)!.stale).toBe(true)
    expect(shown(view)).toEqual(['[ab]', 'ab'])
    view.dispatch(view.state.tr.setMeta(findPluginKey, { refresh: true }))
    expect(findStateOf(view.state)!.stale).toBe(false)
    // The new "ab" is found; the current match is still the one it was.
    expect(shown(view)).toEqual(['ab', '[ab]', 'ab'])
  })

  it('replaces the current match and moves on, past the replacement', () => {
    const view = editorOf(['a-a-a'])
    setFindQuery(view, { ...QUERY, pattern: 'a' })
    stepMatch(view, 1)
    expect(replaceCurrent(view, 'aa')).toBe(true)
    expect(projectionOf(view.state.doc)).toBe('a-aa-a')
    expect(shown(view)).toEqual(['a', 'a', 'a', '[a]'])
  })

  it('replaces all matches in one transaction, expanding $ groups, across paragraphs too', () => {
    const view = editorOf(['2025年6月', '合作', '17日'])
    setFindQuery(view, { ...QUERY, pattern: '(\\d+)([年月日])', regex: true })
    const before = view.transactions.length
    expect(replaceAll(view, '$2$1')).toBe(3)
    expect(view.transactions.length).toBe(before + 1)
    expect(projectionOf(view.state.doc)).toBe('年2025月6\n\n合作\n\n日17')
    setFindQuery(view, { ...QUERY, pattern: '(作)\\n\\n', regex: true })
    expect(replaceAll(view, '$1。')).toBe(1)
    expect(projectionOf(view.state.doc)).toBe('年2025月6\n\n合作。日17')
  })

  it('replaces literal text literally, "$1" included', () => {
    const view = editorOf(['a.b a.b'])
    setFindQuery(view, { ...QUERY, pattern: 'a.b' })
    expect(replaceAll(view, '$1')).toBe(2)
    expect(projectionOf(view.state.doc)).toBe('$1 $1')
    expect(replaceAll(view, 'x')).toBe(0)
  })

  it('draws only the matches inside the window, and always the current one', () => {
    const view = editorOf(['ab ab ab ab ab ab'])
    setFindQuery(view, { ...QUERY, pattern: 'ab' })
    view.dispatch(view.state.tr.setMeta(findPluginKey, { window: { from: 6, to: 12 } }))
    const drawn = findStateOf(view.state)!.decorations.find().map((d) => [d.from, d.to])
    // Matches at 1, 4, 7, 10, 13, 16: 7 and 10 touch the window, 1 is current.
    expect(drawn).toEqual([[1, 3], [7, 9], [10, 12]])
  })

  it('selects the current match when the focus goes back to the text', () => {
    const view = editorOf(['xy ab'])
    setFindQuery(view, { ...QUERY, pattern: 'AB' })
    focusCurrentMatch(view)
    expect([view.state.selection.from, view.state.selection.to]).toEqual([4, 6])
  })
})
