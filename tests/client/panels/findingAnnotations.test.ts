import { describe, expect, it } from 'vitest'
import { RULE_ANNOTATION_TYPE, findingAnnotationInput, findingAnnotationInputs, suggestionInput } from '../../../client/components/checks/findingAnnotations'
import { checkRules, type Finding } from '../../../core/checks'

describe('findingAnnotationInput', () => {
  it('maps every rule to an annotation type', () => {
    expect(checkRules.map((r) => RULE_ANNOTATION_TYPE[r.id])).toEqual(['layout-break', 'continuation', 'misplaced', 'intrusion', 'typo', 'misplaced'])
  })

  it('annotates the finding passage with the message as comment', () => {
    const finding: Finding = { rule: 'typo', start: 3, end: 5, message: 'misspelt', fix: { start: 3, end: 5, text: '自己' } }
    expect(findingAnnotationInput(finding, 'Ana')).toEqual({ type: 'typo', author: 'Ana', start: 3, end: 5, comment: 'misspelt' })
  })
})

describe('suggestionInput', () => {
  it('suggests the finding passage with the fix applied', () => {
    const text = '维护国\n\n际体系'
    const finding: Finding = { rule: 'layout-break', start: 0, end: 8, message: 'broken', fix: { start: 3, end: 5, text: '' } }
    expect(suggestionInput(text, finding, 'Ana')).toEqual({ type: 'suggestion', author: 'Ana', start: 0, end: 8, suggestion: '维护国际体系', comment: 'broken' })
  })

  it('widens a range on the separator only to one character either side', () => {
    const finding: Finding = { rule: 'layout-break', start: 2, end: 4, message: 'm', fix: { start: 2, end: 4, text: '' } }
    expect(suggestionInput('ab\n\ncd', finding, 'A')).toMatchObject({ start: 1, end: 5, suggestion: 'bc' })
  })

  it('is null without a fix', () => {
    expect(suggestionInput('abc', { rule: 'fragment', start: 0, end: 1, message: 'm' }, 'A')).toBeNull()
  })
})

describe('findingAnnotationInputs', () => {
  it('links the pieces of a continued story to each other', () => {
    let n = 0
    const finding: Finding = { rule: 'continuation-marker', start: 10, end: 17, message: 'continued', related: [{ start: 40, end: 47 }] }
    expect(findingAnnotationInputs(finding, 'Ana', () => `a${n++}`)).toEqual([
      { id: 'a0', type: 'continuation', author: 'Ana', start: 10, end: 17, comment: 'continued', links: [{ rel: 'continuation', target: 'a1' }] },
      { id: 'a1', type: 'continuation', author: 'Ana', start: 40, end: 47, comment: 'Related to: continued', links: [{ rel: 'continuation', target: 'a0' }] },
    ])
  })

  it('makes one unlinked annotation for a finding without related passages', () => {
    const finding: Finding = { rule: 'typo', start: 1, end: 3, message: 'm' }
    expect(findingAnnotationInputs(finding, 'A', () => 'x')).toEqual([{ id: 'x', type: 'typo', author: 'A', start: 1, end: 3, comment: 'm' }])
  })
})
