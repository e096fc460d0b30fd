import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { decodeShortUtf8, shortStringReader } from '../../../client/sync/shortStrings'
import { LIB0_READ_VAR_STRING, installShortStrings } from '../../../client/sync/shortStringsPlugin'

const read = shortStringReader(decoding.readVarUint, decoding._readVarStringNative)

const STRINGS = [
  '', 'a', 'anchor', 'note 4999', '2026-12-07T17:00:00.000Z', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(300),
  'é', 'naïve', '日本語のテキスト', '😀', `${'a'.repeat(63)}é`, `${'a'.repeat(62)}é`, '中'.repeat(21), '中'.repeat(22),
  'tab\tand\nnewline\u0000nul', '\u007f',
]

function encoded(strings: string[]): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const s of strings) encoding.writeVarString(encoder, s)
  return encoding.toUint8Array(encoder)
}

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const viaTextDecoder = (bytes: Uint8Array): string | null => {
  try {
    return fatal.decode(bytes)
  } catch {
    return null
  }
}

describe('decodeShortUtf8', () => {
  it('decodes as a fatal TextDecoder does, refusing what it refuses (random bytes, weighted to UTF-8 edges)', () => {
    // Seeded: lead bytes around each range boundary, continuation bytes in and out of range, truncations.
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff)
    const edges = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x8f, 0x90, 0x9f, 0xa0, 0xef, 0xbb]
    let refused = 0
    for (let round = 0; round < 20_000; round++) {
      const bytes = Uint8Array.from({ length: next() % 9 }, () => (next() % 3 === 0 ? next() & 0xff : edges[next() % edges.length]))
      const expected = viaTextDecoder(bytes)
      if (expected === null) refused++
      expect(decodeShortUtf8(bytes, 0, bytes.length), `bytes ${[...bytes].map((b) => b.toString(16)).join(' ')}`).toBe(expected)
    }
    expect(refused).toBeGreaterThan(1000)
  })

  it('decodes every kind of character: BOM kept, surrogate pairs, the last code point', () => {
    for (const text of ['\ufeffBOM', '中文、引号“”…', '😀𝄞', '\u{10ffff}', '\u0080\u07ff\u0800\uffff', 'mixed ascii 和中文']) {
      const bytes = new TextEncoder().encode(text)
      expect(decodeShortUtf8(bytes, 0, bytes.length)).toBe(text)
    }
  })
})

describe('shortStringReader', () => {
  it('reads what lib0 writes, string by string, as lib0 reads it', () => {
    const bytes = encoded(STRINGS)
    const ours = decoding.createDecoder(bytes)
    const stock = decoding.createDecoder(bytes)
    for (const expected of STRINGS) {
      expect(read(ours)).toBe(expected)
      expect(decoding._readVarStringNative(stock)).toBe(expected)
      expect(ours.pos).toBe(stock.pos)
    }
    expect(ours.pos).toBe(bytes.length)
  })

  it('throws where lib0 throws: a length past the end, bytes that are not UTF-8', () => {
    const truncated = encoded(['abcdefghij']).subarray(0, 4)
    expect(() => decoding._readVarStringNative(decoding.createDecoder(truncated))).toThrow()
    expect(() => read(decoding.createDecoder(truncated))).toThrow()
    const invalid = Uint8Array.of(3, 0x61, 0xff, 0x62)
    expect(() => decoding._readVarStringNative(decoding.createDecoder(invalid))).toThrow()
    expect(() => read(decoding.createDecoder(invalid))).toThrow()
  })
})

describe('installShortStrings', () => {
  it('finds the installed lib0 choosing its reader, and rewrites that choice only', () => {
    // The ES module the client build bundles (lib0's package root), not the CommonJS copy Node resolves.
    const source = readFileSync(join(dirname(createRequire(import.meta.url).resolve('lib0/package.json')), 'decoding.js'), 'utf8')
    expect(source).toContain(LIB0_READ_VAR_STRING)
    const rewritten = installShortStrings(source)
    expect(rewritten).not.toContain(LIB0_READ_VAR_STRING)
    expect(rewritten).toContain('__shortStringReader(readVarUint, _readVarStringNative)')
    expect(rewritten.split('\n').slice(1).join('\n').length).toBeLessThan(source.length + 100)
  })

  it('fails the build when lib0 no longer matches', () => {
    expect(() => installShortStrings('export const readVarString = somethingElse')).toThrow(/update the plugin/)
  })
})
