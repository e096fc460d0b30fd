import iconv from 'iconv-lite'
import { decodeBytes } from '../import/decodeBytes'
import { CONFIDENT, detectEncoding, type EncodingDetection } from '../import/detectEncoding'

/** Why uploaded bytes are not text; `id` is an ApiError id, `offset` a byte offset into the bytes. */
export interface UploadProblem {
  id: 'invalid-encoding' | 'binary-content' | 'encoding-uncertain' | 'unknown-encoding'
  message: string
  offset?: number
}

/** Uploaded bytes as text, or why not; both with what detection found. */
export type DecodedUpload =
  | { ok: true; text: string; encoding: string; detection: EncodingDetection }
  | { ok: false; encoding: string | null; detection: EncodingDetection; problem: UploadProblem }

/**
 * Decodes uploaded bytes: in `encoding` when the user chose one (any iconv-lite
 * name), else in the detected encoding when detection is confident
 * (detectEncoding.ts); with low confidence it asks (`encoding-uncertain`, the
 * candidates in the message) instead of guessing. A byte-order mark is removed,
 * nothing else changes. Bytes that do not decode are `invalid-encoding`, and a
 * NUL byte outside UTF-16/32 or a control character `binary-content`, each with the
 * byte offset of the first offending sequence. Never throws.
 */
export function decodeUpload(bytes: Uint8Array, encoding?: string): DecodedUpload {
  const detection = detectEncoding(bytes)
  if (encoding !== undefined && !iconv.encodingExists(encoding)) {
    return { ok: false, encoding: null, detection, problem: { id: 'unknown-encoding', message: `unknown encoding ${JSON.stringify(encoding)}` } }
  }
  const chosen = encoding ?? detection.encoding
  // Only UTF-16 and UTF-32 text has NUL bytes: anywhere else a NUL means a binary
  // file, whatever statistics would make of the rest.
  const nul = /^utf-?(16|32)/i.test(chosen) ? -1 : bytes.indexOf(0)
  if (nul >= 0) {
    return { ok: false, encoding: chosen, detection, problem: { id: 'binary-content', message: `a NUL byte (is it a binary file?) at byte ${nul}`, offset: nul } }
  }
  if (encoding === undefined && detection.confidence < CONFIDENT) {
    const candidates = [detection, ...detection.alternatives].map((g) => `${g.encoding} (${Math.round(g.confidence * 100)}%)`)
    const message = `the encoding is uncertain: ${candidates.join(', ')}; choose one`
    return { ok: false, encoding: null, detection, problem: { id: 'encoding-uncertain', message } }
  }
  const decoded = decodeBytes(bytes, chosen)
  if (decoded.ok) return { ok: true, text: decoded.text, encoding: chosen, detection }
  const what = decoded.reason === 'binary-content' ? 'a control character (is it a binary file?)' : `a byte sequence that is not valid ${chosen}`
  return { ok: false, encoding: chosen, detection, problem: { id: decoded.reason, message: `${what} at byte ${decoded.offset}`, offset: decoded.offset } }
}
