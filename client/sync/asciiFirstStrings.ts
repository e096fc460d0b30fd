/**
 * A string reader for lib0's decoder (what Yjs reads every key and string of an
 * update with) that decodes short ASCII strings itself and hands the others to
 * lib0's own TextDecoder reader, unchanged.
 *
 * Why (issue #20): Chromium's TextDecoder costs ~1.5 µs a call however short the
 * string, and a Yjs update reads a string per map key and per JSON value. The first
 * sync of a document with 5,000 annotations (4.5 MB, 72,547 structs) spent 0.9 s of
 * the editor's load in `_readVarStringNative` (CPU profile of the annotation bench,
 * load ~20); in the same Chromium, 400,000 short ASCII strings took 530–700 ms
 * through TextDecoder and 23–41 ms through this loop.
 *
 * Installed into lib0 at build time (asciiFirstStringsPlugin.ts): lib0's modules
 * reference their own `readVarString`, which nothing can replace at run time.
 */

/** lib0's decoder as far as this reader uses it. */
export interface ByteDecoder {
  arr: Uint8Array
  pos: number
}

/** Longest string decoded here: past it TextDecoder's per-call cost no longer dominates. */
const MAX_ASCII_FIRST = 64

/**
 * `readVarUint` and `readNative`: lib0's (decoding.readVarUint and
 * decoding._readVarStringNative). The returned reader reads the same bytes and
 * returns the same string as `readNative`; whatever is not short and ASCII
 * (a byte over 0x7f, a length past the end of the buffer: lib0 throws there) is
 * read by `readNative` from the same position.
 */
export function asciiFirstStringReader(
  readVarUint: (decoder: ByteDecoder) => number,
  readNative: (decoder: ByteDecoder) => string,
): (decoder: ByteDecoder) => string {
  return (decoder) => {
    const at = decoder.pos
    const length = readVarUint(decoder)
    const start = decoder.pos
    const end = start + length
    const bytes = decoder.arr
    if (length <= MAX_ASCII_FIRST && end <= bytes.length) {
      let text = ''
      let i = start
      for (; i < end; i++) {
        const byte = bytes[i]
        if (byte > 0x7f) break
        text += String.fromCharCode(byte)
      }
      if (i === end) {
        decoder.pos = end
        return text
      }
    }
    decoder.pos = at
    return readNative(decoder)
  }
}
