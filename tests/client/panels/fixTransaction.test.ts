import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { schema } from '../../../client/editor/schema'
import { projectionOf } from '../../../client/editor/positions'
import { fixTransaction } from '../../../client/components/checks/fixTransaction'
import { runChecks, type Fix } from '../../../core/checks'
import { paragraphsFromPlainText, projectParagraphs } from '../../../core/text/projection'

/** The projection `fixes` lead to, computed on the string: what the editor must show after fixTransaction. */
function applyFixesToText(text: string, fixes: readonly Fix[]): string {
  let result = text
  for (const fix of [...fixes].sort((a, b) => b.start - a.start)) result = result.slice(0, fix.start) + fix.text + result.slice(fix.end)
  return result
}

/** True when the editor still shows `analysedText`. */
function showsText(state: EditorState, analysedText: string): boolean {
  return projectionOf(state.doc) === analysedText
}

function stateOf(paragraphs: string[]): EditorState {
  const doc = schema.node('doc', null, paragraphs.map((text) => schema.node('paragraph', null, text ? schema.text(text) : undefined)))
  return EditorState.create({ schema, doc })
}

function paragraphsOf(state: EditorState): string[] {
  const texts: string[] = []
  state.doc.forEach((p) => texts.push(p.textContent))
  return texts
}

describe('fixTransaction', () => {
  it('joins two paragraphs when the fix deletes the "\\n\\n" between them', () => {
    const state = stateOf(['ab', 'cd', 'ef'])
    const next = state.apply(fixTransaction(state, { start: 2, end: 4, text: '' }))
    expect(paragraphsOf(next)).toEqual(['abcd', 'ef'])
  })

  it('replaces characters inside one paragraph', () => {
    const state = stateOf(['他自已说', 'x'])
    const next = state.apply(fixTransaction(state, { start: 1, end: 3, text: '自己' }))
    expect(paragraphsOf(next)).toEqual(['他自己说', 'x'])
  })

  it('replaces across a paragraph boundary with text, joining them', () => {
    const state = stateOf(['中 and', '亚'])
    const next = state.apply(fixTransaction(state, { start: 1, end: 8, text: '和' }))
    expect(paragraphsOf(next)).toEqual(['中和'])
  })

  it('splits a paragraph when the replacement holds "\\n\\n"', () => {
    const state = stateOf(['abcd'])
    const next = state.apply(fixTransaction(state, { start: 2, end: 2, text: '\n\n' }))
    expect(paragraphsOf(next)).toEqual(['ab', 'cd'])
  })

  it('applies several fixes in one transaction, last first, as the string would change', () => {
    const state = stateOf(['ab', 'cd', 'ef', 'g'])
    const text = projectionOf(state.doc)
    const fixes = [{ start: 2, end: 4, text: '' }, { start: 6, end: 8, text: '' }, { start: 9, end: 10, text: 'F' }]
    const next = state.apply(fixTransaction(state, fixes))
    expect(projectionOf(next.doc)).toBe(applyFixesToText(text, fixes))
    expect(paragraphsOf(next)).toEqual(['abcdeF', 'g'])
  })

  it('throws RangeError for a fix outside the document or overlapping another', () => {
    const state = stateOf(['ab', 'cd'])
    expect(() => fixTransaction(state, { start: 5, end: 7, text: '' })).toThrow(RangeError)
    expect(() => fixTransaction(state, [{ start: 0, end: 3, text: '' }, { start: 2, end: 4, text: '' }])).toThrow(RangeError)
  })

  it('applies every layout-break fix of the sample so the rule finds no break left', () => {
    const source = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8')
    const text = projectParagraphs(paragraphsFromPlainText(source))
    const state = stateOf(paragraphsFromPlainText(source))
    expect(showsText(state, text)).toBe(true)
    const fixes = runChecks(text, { rules: ['layout-break'] }).flatMap((f) => (f.fix ? [f.fix] : []))
    expect(fixes.length).toBeGreaterThan(3)
    const next = state.apply(fixTransaction(state, fixes))
    const fixed = projectionOf(next.doc)
    expect(fixed).toBe(applyFixesToText(text, fixes))
    expect(next.doc.childCount).toBe(state.doc.childCount - fixes.length)
    expect(runChecks(fixed, { rules: ['layout-break'] })).toEqual([])
    expect(showsText(next, text)).toBe(false)
  })
})
