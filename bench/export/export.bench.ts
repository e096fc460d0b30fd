/**
 * `npm run bench -- export`: every export format on the sample document repeated to
 * ~200 KB with 5,000 annotations (random ranges, every type, overlapping, a third
 * with a comment), side by side with two floors measured in the same run:
 * escaping the whole text once (what any XML/HTML writer must do) and
 * JSON.stringify of the annotations (what any W3C writer must do).
 * Prints the best of the runs and the ratio to the floor.
 */
import { readFileSync } from 'node:fs'
import { BUILT_IN_TYPES, createAnchor, type Annotation } from '../../core/annotations'
import { EXPORT_FORMATS, cleanText, escapeXml, exportEdition, importWebAnnotations, type EditionInput } from '../../core/export'
import { buildSourceMap } from '../../core/text'
import { bestOf } from '../bestOf'

function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0
    return seed / 2 ** 32
  }
}

export default async function (): Promise<void> {
  const one = buildSourceMap(readFileSync(new URL('../../documents/china-central-asia-summit-2025-06-17.txt', import.meta.url), 'utf8')).projection
  let projection = one
  while (Buffer.byteLength(projection) < 200_000) projection += `\n\n${one}`
  const random = rng(42)
  const annotations: Annotation[] = []
  for (let i = 0; i < 5000; i++) {
    const start = Math.floor(random() * (projection.length - 60))
    const end = start + 2 + Math.floor(random() * 40)
    const t = '2026-11-25T10:00:00.000Z'
    annotations.push({
      id: `a${i}`, type: BUILT_IN_TYPES[i % BUILT_IN_TYPES.length], author: `editor${i % 7}`, created: t, updated: t, status: 'open',
      comments: i % 3 === 0 ? [{ id: 'c1', author: 'x', created: t, text: `comment ${i} <b>&</b>` }] : [],
      links: [], anchor: createAnchor(projection, start, end),
      ...(i % 9 === 0 ? { suggestion: { text: 'fix' } } : {}),
      ...(i % 9 === 1 ? { cluster: `c${i % 50}` } : {}),
    })
  }
  const input: EditionInput = { title: 'bench', projection, annotations, decisions: [], metadata: { id: 'bench' } }
  const runs = 5
  const floorXml = bestOf(runs, () => escapeXml(projection))
  const floorJson = bestOf(runs, () => JSON.stringify(annotations))
  console.log(`text ${Buffer.byteLength(projection)} bytes (${projection.length} UTF-16 units), ${annotations.length} annotations, best of ${runs}\n`)
  console.log('| what | ms | × floor |')
  console.log('|---|---:|---:|')
  console.log(`| floor: escapeXml(text) | ${floorXml.toFixed(1)} | 1 |`)
  console.log(`| floor: JSON.stringify(annotations) | ${floorJson.toFixed(1)} | 1 |`)
  for (const format of EXPORT_FORMATS) {
    const ms = bestOf(runs, () => exportEdition(format, input))
    const floor = format === 'w3c' ? floorJson : floorXml
    console.log(`| export ${format} | ${ms.toFixed(1)} | ${(ms / floor).toFixed(0)} |`)
  }
  const w3c = JSON.parse(exportEdition('w3c', input))
  const edited = `前言。\n\n${projection}`
  const ms = bestOf(3, () => importWebAnnotations(w3c, edited))
  console.log(`| import w3c onto a shifted copy (re-anchoring all) | ${ms.toFixed(1)} | ${(ms / floorJson).toFixed(0)} |`)
  console.log(`\nclean text: ${cleanText(input).changes.length} changes`)
}
