/**
 * A string reader for lib0's decoder (what Yjs reads every key and string of an
 * update with) that decodes short strings itself (UTF-8, validated as the fatal
 * TextDecoder lib0 uses) and hands the others to lib0's own TextDecoder reader.
 *
 * Why (issue #20): Chromium's TextDecoder costs ~1.5 µs a call however short the
 * string, and a Yjs update reads a string per map key and per JSON value. The first
 * sync of a document with 5,000 annotations (4.5 MB, 72,547 structs) spent 0.9 s of
 * the editor's load in `_readVarStringNative` (CPU profile of the annotation bench,
 * load ~20); in the same Chromium, 400,000 short ASCII strings took 530–700 ms
 * through TextDecoder and 23–41 ms through this loop.
 *
 * Installed into lib0 at build time (shortStringsPlugin.ts): lib0's modules
 * reference their own `readVarString`, which nothing can replace at run time.
 */

/** lib0's decoder as far as this reader uses it. */
export interface ByteDecoder {
  arr: Uint8Array
  pos: number
}

/** Longest string (in bytes) decoded here: past it TextDecoder's per-call cost no longer dominates. */
const MAX_SHORT = 64

/**
 * `readVarUint` and `readNative`: lib0's (decoding.readVarUint and
 * decoding._readVarStringNative). The returned reader reads the same bytes and
 * returns the same string as `readNative`; whatever is not short and valid UTF-8
 * (a length past the end of the buffer or bytes TextDecoder refuses: lib0 throws
 * there) is read by `readNative` from the same position.
 */
export function shortStringReader(
  readVarUint: (decoder: ByteDecoder) => number,
  readNative: (decoder: ByteDecoder) => string,
): (decoder: ByteDecoder) => string {
  return (decoder) => {
    const at = decoder.pos
    const length = readVarUint(decoder)
    const end = decoder.pos + length
    if (length <= MAX_SHORT && end <= decoder.arr.length) {
      const text = decodeShortUtf8(decoder.arr, decoder.pos, end)
      if (text !== null) {
        decoder.pos = end
        return text
      }
    }
    decoder.pos = at
    return readNative(decoder)
  }
}

/**
 * `bytes[start, end)` decoded as UTF-8 (the WHATWG decoder's rules: no overlong
 * forms, no surrogates, nothing past U+10FFFF, no truncated sequence); null where
 * a fatal TextDecoder would throw.
 */
export function decodeShortUtf8(bytes: Uint8Array, start: number, end: number): string | null {
  let text = ''
  let i = start
  while (i < end) {
    const lead = bytes[i++]
    if (lead < 0x80) {
      text += String.fromCharCode(lead)
      continue
    }
    let needed: number
    let point: number
    let lower = 0x80
    let upper = 0xbf
    if (lead >= 0xc2 && lead <= 0xdf) {
      needed = 1
      point = lead & 0x1f
    } else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2
      point = lead & 0x0f
      if (lead === 0xe0) lower = 0xa0
      else if (lead === 0xed) upper = 0x9f
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3
      point = lead & 0x07
      if (lead === 0xf0) lower = 0x90
      else if (lead === 0xf4) upper = 0x8f
    } else {
      return null
    }
    if (i + needed > end) return null
    for (let k = 0; k < needed; k++) {
      const next = bytes[i++]
      if (next < lower || next > upper) return null
      lower = 0x80
      upper = 0xbf
      point = (point << 6) | (next & 0x3f)
    }
    if (point > 0xffff) {
      point -= 0x10000
      text += String.fromCharCode(0xd800 + (point >> 10), 0xdc00 + (point & 0x3ff))
    } else {
      text += String.fromCharCode(point)
    }
  }
  return text
}
