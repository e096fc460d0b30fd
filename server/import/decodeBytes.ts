import iconv from 'iconv-lite'

/** Why bytes could not become text, with the byte offset of the first offending byte. */
export interface DecodeFailure {
  ok: false
  /** `invalid-encoding`: a sequence the encoding does not define; `binary-content`: a control byte no text has. */
  reason: 'invalid-encoding' | 'binary-content'
  /** Byte offset (0-based) into the input where the first bad sequence or control character starts. */
  offset: number
}

export type DecodeResult = { ok: true; text: string } | DecodeFailure

/**
 * C0 controls that text files carry: tab, line feed, vertical tab, form feed (page
 * breaks in old exports), carriage return. Any other C0 control (NUL, BEL, ESC…)
 * means the bytes are not text, or not in this encoding.
 */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d])

/** Replacement characters, surrogates and the controls text has not: each is looked at in decodeBytes. */
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000e-\u001f\u007f\ufffd\ud800-\udfff]/g

/**
 * Decodes `bytes` in `encoding` (an iconv-lite name; the caller has checked it
 * with iconv.encodingExists) strictly: a leading byte-order mark is removed, and
 * nothing else changes. Returns a failure with the byte offset of the first
 * sequence the encoding does not define (decoded as U+FFFD by iconv-lite, or a
 * lone UTF-16 surrogate), or of the first control character (NUL, ESC…).
 * A U+FFFD the source really encodes is kept. Linear in the input.
 */
export function decodeBytes(bytes: Uint8Array, encoding: string): DecodeResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const withBom = iconv.decode(buffer, encoding, { stripBOM: false })
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom
  const skipped = text === withBom ? 0 : byteLength('\ufeff', encoding)
  // Encoding the text before a suspicious character again tells where it starts in
  // the source: every encoding here decodes and re-encodes its valid sequences losslessly.
  const offsetOf = (index: number): number => skipped + byteLength(text.slice(0, index), encoding)
  // The regular expression finds the characters worth a look natively; most texts have none.
  SUSPECT.lastIndex = 0
  for (let match = SUSPECT.exec(text); match !== null; match = SUSPECT.exec(text)) {
    const i = match.index
    const code = text.charCodeAt(i)
    if (code === 0xfffd) {
      const at = offsetOf(i)
      const replacement = iconv.encode('\ufffd', encoding)
      if (replacement.length > 0 && buffer.subarray(at, at + replacement.length).equals(replacement)) continue
      return { ok: false, reason: 'invalid-encoding', offset: at }
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const pair = code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
      if (pair) {
        SUSPECT.lastIndex = i + 2
        continue
      }
      return { ok: false, reason: 'invalid-encoding', offset: offsetOf(i) }
    }
    if ((code < 0x20 && !TEXT_CONTROLS.has(code)) || code === 0x7f) {
      return { ok: false, reason: 'binary-content', offset: offsetOf(i) }
    }
  }
  return { ok: true, text }
}

function byteLength(text: string, encoding: string): number {
  return iconv.encode(text, encoding, { addBOM: false }).length
}
