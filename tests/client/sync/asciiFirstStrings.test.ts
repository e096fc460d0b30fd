import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { asciiFirstStringReader } from '../../../client/sync/asciiFirstStrings'
import { LIB0_READ_VAR_STRING, installAsciiFirstStrings } from '../../../client/sync/asciiFirstStringsPlugin'

const read = asciiFirstStringReader(decoding.readVarUint, decoding._readVarStringNative)

const STRINGS = [
  '', 'a', 'anchor', 'note 4999', '2026-12-07T17:00:00.000Z', 'x'.repeat(64), 'y'.repeat(65), 'z'.repeat(300),
  'é', 'naïve', '日本語のテキスト', '😀', `${'a'.repeat(63)}é`, 'tab\tand\nnewline\u0000nul', '\u007f',
]

function encoded(strings: string[]): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const s of strings) encoding.writeVarString(encoder, s)
  return encoding.toUint8Array(encoder)
}

describe('asciiFirstStringReader', () => {
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

describe('installAsciiFirstStrings', () => {
  it('finds the installed lib0 choosing its reader, and rewrites that choice only', () => {
    // The ES module the client build bundles (lib0's package root), not the CommonJS copy Node resolves.
    const source = readFileSync(join(dirname(createRequire(import.meta.url).resolve('lib0/package.json')), 'decoding.js'), 'utf8')
    expect(source).toContain(LIB0_READ_VAR_STRING)
    const rewritten = installAsciiFirstStrings(source)
    expect(rewritten).not.toContain(LIB0_READ_VAR_STRING)
    expect(rewritten).toContain('__asciiFirstStringReader(readVarUint, _readVarStringNative)')
    expect(rewritten.split('\n').slice(1).join('\n').length).toBeLessThan(source.length + 100)
  })

  it('fails the build when lib0 no longer matches', () => {
    expect(() => installAsciiFirstStrings('export const readVarString = somethingElse')).toThrow(/update the plugin/)
  })
})
