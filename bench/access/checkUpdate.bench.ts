/**
 * `npm run bench -- access`: what the access rule costs the sync server per update.
 * The sample document (every file of documents/ joined, seeded as the server seeds it)
 * with 300 annotations; a client types 2,000 characters one update each and adds 200
 * comments; the server applies each update to its doc with and without
 * `checkUpdate` first, side by side in the same run, 5 rounds alternating, medians.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { DOC_MODEL, seedDocument } from '../../doc'
import { checkUpdate } from '../../doc/access/checkUpdate'

const ROUNDS = 5
const KEYSTROKES = 2000
const COMMENTS = 200
const ANNOTATIONS = 300
const PRINCIPAL = { id: 'acct-bench', name: 'Bench' }

function sampleDoc(): Uint8Array {
  const dir = new URL('../../documents/', import.meta.url).pathname
  const text = readdirSync(dir).filter((name) => /\.(txt|md)$/.test(name)).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n\n')
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)
  const doc = new Y.Doc()
  Y.applyUpdate(doc, seedDocument(paragraphs, { title: 'bench', sourceHash: 'h', createdAt: '2026-01-01T00:00:00Z' }))
  doc.transact(() => {
    for (let i = 0; i < ANNOTATIONS; i++) {
      const entry = new Y.Map<unknown>()
      doc.getMap(DOC_MODEL.annotations).set(`a${i}`, entry)
      entry.set('id', `a${i}`)
      entry.set('authorId', PRINCIPAL.id)
      entry.set('comments', new Y.Array())
    }
  })
  return Y.encodeStateAsUpdate(doc)
}

/** The updates of one editing session, each as the client's provider would send it. */
function session(initial: Uint8Array): Uint8Array[] {
  const gen = prng.create(42)
  const client = new Y.Doc()
  Y.applyUpdate(client, initial)
  const updates: Uint8Array[] = []
  client.on('update', (update: Uint8Array) => updates.push(update))
  const fragment = client.getXmlFragment(DOC_MODEL.fragment)
  for (let i = 0; i < KEYSTROKES; i++) {
    const text = (fragment.get(prng.uint32(gen, 0, fragment.length - 1)) as Y.XmlElement).get(0) as Y.XmlText
    text.insert(prng.uint32(gen, 0, text.length), 'x')
  }
  for (let i = 0; i < COMMENTS; i++) {
    const comments = (client.getMap(DOC_MODEL.annotations).get(`a${prng.uint32(gen, 0, ANNOTATIONS - 1)}`) as Y.Map<unknown>).get('comments') as Y.Array<Y.Map<unknown>>
    const comment = new Y.Map<unknown>()
    comment.set('id', `c${i}`)
    comment.set('authorId', PRINCIPAL.id)
    comment.set('text', 'a remark')
    comments.push([comment])
  }
  return updates
}

function annotatorSession(initial: Uint8Array, updates: Uint8Array[], checked: boolean): number {
  const server = new Y.Doc()
  Y.applyUpdate(server, initial)
  const owners = new Map<number, string>()
  const start = performance.now()
  for (const update of updates) {
    if (checked) {
      const verdict = checkUpdate({ principal: PRINCIPAL, role: 'annotator', doc: server, update, clients: { owners, self: 'c' } })
      // The typing is refused for an annotator after the check has placed every item: the full cost.
      if (verdict.ok) for (const client of verdict.claims) owners.set(client, 'c')
      else continue
    }
    Y.applyUpdate(server, update)
  }
  const elapsed = performance.now() - start
  server.destroy()
  return elapsed
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

export default async function bench(): Promise<void> {
  const initial = sampleDoc()
  const updates = session(initial)
  const editor = (checked: boolean) => {
    const server = new Y.Doc()
    Y.applyUpdate(server, initial)
    const start = performance.now()
    for (const update of updates) {
      if (checked && !checkUpdate({ principal: PRINCIPAL, role: 'editor', doc: server, update }).ok) throw new Error('refused')
      Y.applyUpdate(server, update)
    }
    const elapsed = performance.now() - start
    server.destroy()
    return elapsed
  }
  const plain: number[] = []
  const withRule: number[] = []
  const annotatorRule: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    plain.push(editor(false))
    withRule.push(editor(true))
    annotatorRule.push(annotatorSession(initial, updates, true))
  }
  const perUpdate = (ms: number) => `${((ms * 1000) / updates.length).toFixed(1)} µs`
  console.log(`${updates.length} updates (${KEYSTROKES} keystrokes, ${COMMENTS} comments) on a ${(initial.length / 1024).toFixed(0)} KB document, median of ${ROUNDS} rounds`)
  console.log(`| server path | total | per update | ratio |`)
  console.log(`| --- | --- | --- | --- |`)
  console.log(`| apply only | ${median(plain).toFixed(1)} ms | ${perUpdate(median(plain))} | 1.00 |`)
  console.log(`| checkUpdate (editor) + apply | ${median(withRule).toFixed(1)} ms | ${perUpdate(median(withRule))} | ${(median(withRule) / median(plain)).toFixed(2)} |`)
  console.log(`| checkUpdate (annotator: typing refused, comments applied) | ${median(annotatorRule).toFixed(1)} ms | ${perUpdate(median(annotatorRule))} | ${(median(annotatorRule) / median(plain)).toFixed(2)} |`)
}
