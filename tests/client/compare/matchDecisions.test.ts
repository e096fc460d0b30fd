import { describe, expect, it } from 'vitest'
import { alignWitnesses } from '../../../core/align'
import { annotationsMap, fragmentOf } from '../../../doc'
import { FragmentText } from '../../../doc'
import { buildRows } from '../../../client/compare/buildRows'
import { decisionsMap, listDecisions, recordDecision } from '../../../doc'
import { matchDecisions } from '../../../client/compare/matchDecisions'
import { docWith, textOf } from '../../doc/docHelpers'

const WITNESSES = { a: 'A', b: 'B' }

/** Rows of paragraph 1 against paragraph 2 of the document as it is now. */
function variantsNow(ydoc: ReturnType<typeof docWith>) {
  const projection = new FragmentText(fragmentOf(ydoc)).projection
  const [first, second] = projection.split('\n\n')
  const bStart = first.length + 2
  const { variants } = buildRows(alignWitnesses(first, second), { text: first, start: 0 }, { text: second, start: bStart })
  return { projection, variants }
}

describe('matchDecisions', () => {
  it('finds a decision by id, and by its quotes after an edit before it shifted the offsets', () => {
    const ydoc = docWith(['we crossed the old bridge at dawn', 'we crossed the new bridge at dawn'])
    let { projection, variants } = variantsNow(ydoc)
    const changed = variants.find((v) => v.kind === 'changed')!
    const id = recordDecision(ydoc, { a: changed.a, b: changed.b, reading: 'a', author: 'Ana', witnesses: WITNESSES })
    expect(matchDecisions(variants, listDecisions(ydoc), projection).get(changed.key)?.id).toBe(id)

    textOf(ydoc, 0).insert(0, 'Then ')
    ;({ projection, variants } = variantsNow(ydoc))
    const moved = variants.find((v) => v.kind === 'changed')!
    expect(moved.a.start).toBe(changed.a.start + 5)
    const found = matchDecisions(variants, listDecisions(ydoc), projection).get(moved.key)
    expect(found?.id).toBe(id)

    // Recording again on the matched decision updates that entry: still one decision, two annotations.
    recordDecision(ydoc, { id, a: moved.a, b: moved.b, reading: 'b', author: 'Ben', witnesses: WITNESSES })
    expect([...decisionsMap(ydoc).keys()]).toEqual([id])
    expect(annotationsMap(ydoc).size).toBe(2)
    expect(listDecisions(ydoc).get(id)).toMatchObject({ reading: 'b', a: { start: moved.a.start, end: moved.a.end } })
  })

  it('leaves out a decision whose readings were edited', () => {
    const ydoc = docWith(['we crossed the old bridge at dawn', 'we crossed the new bridge at dawn'])
    let { projection, variants } = variantsNow(ydoc)
    const changed = variants.find((v) => v.kind === 'changed')!
    recordDecision(ydoc, { a: changed.a, b: changed.b, reading: 'a', author: 'Ana', witnesses: WITNESSES })
    textOf(ydoc, 0).insert(0, 'Then ')
    textOf(ydoc, 1).insert(0, 'So ')
    textOf(ydoc, 1).insert(21, 'ish')
    ;({ projection, variants } = variantsNow(ydoc))
    expect(projection.split('\n\n')[1]).toBe('So we crossed the newish bridge at dawn')
    expect(matchDecisions(variants, listDecisions(ydoc), projection).size).toBe(0)
  })
})
