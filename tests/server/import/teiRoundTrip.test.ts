import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addComment, annotationsMap, createAnnotation, defineAnnotationType, readAnnotation, recordDecision, setStatus, settleSuggestion } from '../../../doc'
import { paragraphText, projectDocument, startTestWorkspace, waitForDoc, type TestWorkspace } from '../../integration/testWorkspace'

const SAMPLE = readFileSync('documents/china-central-asia-summit-2025-06-17.txt')
/** Both workspaces run on this clock, so creation and export dates agree. */
const now = () => new Date('2026-12-07T08:00:00.000Z')

async function upload(base: string, bytes: Uint8Array, fileName: string): Promise<{ id: string; sourceFormat: string }> {
  const response = await fetch(`${base}/api/documents?fileName=${encodeURIComponent(fileName)}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: string; sourceFormat: string }
}

const exportTei = async (base: string, id: string) => (await fetch(`${base}/api/documents/${id}/export?format=tei`)).text()

/** [start, end) of the only occurrence of `phrase` in the projection. */
function rangeOf(projection: string, phrase: string): { start: number; end: number } {
  const start = projection.indexOf(phrase)
  if (start < 0 || projection.indexOf(phrase, start + 1) >= 0) throw new Error(`"${phrase}" is not in the text exactly once`)
  return { start, end: start + phrase.length }
}

describe('TEI round trip', () => {
  const workspaces: TestWorkspace[] = []
  afterEach(async () => {
    for (const ws of workspaces.splice(0)) await ws.dispose()
  })

  it('exports annotations and decisions as TEI, imports them into a fresh workspace, and exports the same bytes again', async () => {
    const first = await startTestWorkspace({ now })
    workspaces.push(first)
    const { id } = await upload(first.workspace.url, SAMPLE, 'summit.txt')
    const editor = first.connect(id, { user: 'Alice' })
    await editor.synced
    const doc = editor.doc
    const text = projectDocument(doc)
    const at = (phrase: string) => rangeOf(text, phrase)

    defineAnnotationType(doc, { name: 'person', color: '#225588', label: 'Person named' })
    const note = createAnnotation(doc, { type: 'note', author: 'Alice', ...at('阿斯塔纳，和大家共同出席'), comment: 'Check the venue.' })
    addComment(doc, note, 'Bo Chen', 'Confirmed by the press release & the <official> site.')
    setStatus(doc, note, 'resolved')
    createAnnotation(doc, { type: 'person', author: 'Bo Chen', ...at('托卡耶夫总统和哈萨克斯坦政府') })
    createAnnotation(doc, { type: 'typo', author: 'Alice', ...at('栽下的6棵'), suggestion: '栽下的六棵' })
    const accepted = createAnnotation(doc, { type: 'suggestion', author: 'Bo Chen', ...at('象征着六国合作'), suggestion: '象征着六国合作' })
    settleSuggestion(doc, accepted, 'accepted')
    const continuation = createAnnotation(doc, { type: 'continuation', author: 'Alice', ...at('共同擘画了中国中亚合作的') })
    const dupA = createAnnotation(doc, { type: 'duplicate', author: 'Alice', ...at('两年前，我们相聚中国西安'), links: [{ rel: 'continuation', target: continuation }] })
    annotationsMap(doc).get(dupA)!.set('cluster', 'cluster-1')
    // Two decisions: the reading of witness B with a note, and an edited reading.
    const sentence = text.indexOf('。', at('很高兴来到美丽的').start)
    recordDecision(doc, {
      a: at('很高兴来到美丽的'),
      b: { start: sentence - 4, end: sentence },
      reading: 'b',
      note: 'B has the fuller wording.',
      author: 'Bo Chen',
      witnesses: { a: 'page 1', b: 'continuation' },
    })
    recordDecision(doc, {
      a: at('尊敬的托卡耶夫总统'),
      b: at('各位同事'),
      reading: 'edited',
      text: '尊敬的各位',
      author: 'Alice',
      witnesses: { a: 'page 1', b: 'page 2' },
    })

    // A second client sees everything once the server has stored it.
    const annotationCount = annotationsMap(doc).size
    const watcher = first.connect(id, { user: 'watcher' })
    await watcher.synced
    await waitForDoc(watcher.doc, (d) => annotationsMap(d).size === annotationCount && d.getMap('decisions').size === 2)

    const exported = await exportTei(first.workspace.url, id)
    // The export carries what the round trip must bring back.
    for (const part of ['<app ', '<lem type="edited"', '<choice><sic>', 'type="person"', '<note type="reply"', 'subtype="resolved"', '<link type="continuation"', 'type="variant-witness"']) {
      expect(exported).toContain(part)
    }

    const second = await startTestWorkspace({ now })
    workspaces.push(second)
    const imported = await upload(second.workspace.url, Buffer.from(exported, 'utf8'), 'edition.xml')
    expect(imported).toMatchObject({ id, sourceFormat: 'tei' })
    expect(await exportTei(second.workspace.url, imported.id)).toBe(exported)
    // And what the editors see is the same: the annotations by id, type and range.
    const reader = second.connect(imported.id)
    await reader.synced
    const placed = (d: Y.Doc) =>
      [...annotationsMap(d).values()].map(readAnnotation).map((a) => [a.id, a.type, a.status, a.anchor.quote.exact]).sort()
    expect(placed(reader.doc)).toEqual(placed(watcher.doc))
    expect(Object.keys(reader.doc.getMap('decisions').toJSON()).sort()).toEqual(Object.keys(watcher.doc.getMap('decisions').toJSON()).sort())
  })

  it('brings an orphaned annotation back orphaned, with its quote and comment', async () => {
    const first = await startTestWorkspace({ now })
    workspaces.push(first)
    const { id } = await upload(first.workspace.url, Buffer.from('第一段文字，没有改动。\n第二段里有一句后来删掉的话。\n'), 'short.txt')
    const editor = first.connect(id, { user: 'Alice' })
    await editor.synced
    const doc = editor.doc
    createAnnotation(doc, { type: 'note', author: 'Alice', ...rangeOf(projectDocument(doc), '没有改动'), comment: 'Kept.' })
    createAnnotation(doc, { type: 'note', author: 'Alice', ...rangeOf(projectDocument(doc), '后来删掉的话'), comment: 'This sentence goes.' })
    const second = paragraphText(doc, 1)
    second.delete(second.toString().indexOf('后来删掉的话'), '后来删掉的话'.length)
    const watcher = first.connect(id)
    await watcher.synced
    await waitForDoc(watcher.doc, (d) => annotationsMap(d).size === 2 && projectDocument(d).endsWith('第二段里有一句。'))

    const exported = await exportTei(first.workspace.url, id)
    expect(exported).toContain('<div type="orphaned-annotations">')
    expect(exported).toContain('<quote>后来删掉的话</quote><note type="comment" resp="#ed-1">This sentence goes.</note>')
    const again = await startTestWorkspace({ now })
    workspaces.push(again)
    const imported = await upload(again.workspace.url, Buffer.from(exported, 'utf8'), 'short.xml')
    expect(await exportTei(again.workspace.url, imported.id)).toBe(exported)
  })
})
