/**
 * `npm run bench -- import`: reading a 10 MB upload (the sample repeated) the way
 * the server does (readSource: format, encoding detection, strict decoding,
 * paragraphs) in UTF-8, GB18030 and UTF-16LE with a BOM, side by side with the floor
 * measured in the same run: what the upload did before issue 19, a strict UTF-8
 * TextDecoder plus the paragraph split. Prints the best of the runs and the ratio.
 */
import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { paragraphsFromPlainText } from '../../core/text'
import { readSource } from '../../server/import/readSource'

const RUNS = 5
const TARGET_BYTES = 10_000_000

async function best(fn: () => unknown): Promise<number> {
  let ms = Infinity
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    await fn()
    ms = Math.min(ms, performance.now() - t)
  }
  return ms
}

export default async function (): Promise<void> {
  const sample = readFileSync(new URL('../../documents/china-central-asia-summit-2025-06-17.txt', import.meta.url), 'utf8')
  const text = sample.repeat(Math.ceil(TARGET_BYTES / Buffer.byteLength(sample)))
  const utf8 = Buffer.from(text, 'utf8')
  const floor = await best(() => paragraphsFromPlainText(new TextDecoder('utf-8', { fatal: true }).decode(utf8)))
  const cases: [string, Buffer][] = [
    ['UTF-8', utf8],
    ['GB18030', iconv.encode(text, 'gb18030')],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')])],
  ]
  console.log(`text ${text.length} UTF-16 units, best of ${RUNS}\n`)
  console.log('| what | bytes | ms | × floor |')
  console.log('|---|---:|---:|---:|')
  console.log(`| floor: strict UTF-8 TextDecoder + paragraphs | ${utf8.length} | ${floor.toFixed(0)} | 1 |`)
  for (const [label, bytes] of cases) {
    const reading = await readSource(bytes, { fileName: 'bench.txt' })
    if (reading.problem || reading.edition?.paragraphs.length !== paragraphsFromPlainText(text).length) throw new Error(`${label}: not read back`)
    const ms = await best(() => readSource(bytes, { fileName: 'bench.txt' }))
    console.log(`| readSource ${label} | ${bytes.length} | ${ms.toFixed(0)} | ${(ms / floor).toFixed(1)} |`)
  }
}
