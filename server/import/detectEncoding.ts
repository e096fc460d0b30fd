import { analyse } from 'chardet'
import iconv from 'iconv-lite'

/** One candidate encoding of some bytes: an iconv-lite name and how sure the detector is (0..1). */
export interface EncodingGuess {
  encoding: string
  confidence: number
}

/** What detectEncoding found: the best guess first, the others after it. */
export interface EncodingDetection extends EncodingGuess {
  /** Other plausible encodings, most likely first; the UI offers them for an override. */
  alternatives: EncodingGuess[]
  /** How the best guess was found: a byte-order mark, strict UTF-8 validity, or statistics. */
  basis: 'bom' | 'utf-8' | 'statistics'
}

/**
 * Below this confidence the upload asks the user instead of guessing. chardet
 * scores 0..100; worked examples from tests/server/import: a 350-character French
 * paragraph in Latin-1 scores ISO-8859-1 77 (decoded), the sample in GB18030 100,
 * but one Polish sentence in ISO-8859-2 only 30 (asked: ISO-8859-1 follows at 24).
 */
export const CONFIDENT = 0.5

/** How many alternatives are returned at most. */
const MAX_ALTERNATIVES = 5

/**
 * The detector looks at no more than this many bytes (64 KiB): its n-gram statistics
 * settle long before (the sample, 20 KB in GB18030, scores 100), and chardet
 * costs ~0.5 s a MiB, which a 10 MB upload would otherwise wait for.
 */
const SAMPLE_BYTES = 64 * 1024

/**
 * Guesses the encoding of `bytes`, in this order:
 * 1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE, GB18030): certain;
 * 2. strict UTF-8 validity: bytes that decode as UTF-8 are UTF-8 (legacy text
 *    almost never forms valid multi-byte UTF-8 by chance), pure ASCII included;
 * 3. a file whose start is valid UTF-8 with multi-byte characters but which has
 *    an invalid sequence later is UTF-8 with a bad (mixed-in) part: reported as
 *    UTF-8 so that decoding refuses it at the bad byte, instead of a statistical
 *    guess that would turn the whole file into mojibake;
 * 4. otherwise chardet (ICU's detector, ported): byte n-gram statistics per
 *    language. Chosen over jschardet because it separates Latin-1 from the CJK
 *    multi-byte encodings with wide margins (French prose: ISO-8859-1 77, next 27,
 *    where jschardet gives three Latin encodings 0.36 each) and returns ranked
 *    alternatives with every guess.
 * Names are iconv-lite names as chardet spells them ("GB18030", "Big5", "ISO-8859-1").
 * Empty input is UTF-8. Never throws.
 */
export function detectEncoding(bytes: Uint8Array): EncodingDetection {
  const bom = bomEncoding(bytes)
  if (bom) return { encoding: bom, confidence: 1, alternatives: [], basis: 'bom' }
  const utf8 = utf8Evidence(bytes)
  if (utf8 === 'valid' || utf8 === 'mostly-valid') {
    return { encoding: 'UTF-8', confidence: utf8 === 'valid' ? 1 : 0.9, alternatives: statisticalGuesses(bytes), basis: 'utf-8' }
  }
  const [best, ...alternatives] = statisticalGuesses(bytes)
  if (!best) return { encoding: 'UTF-8', confidence: 0, alternatives: [], basis: 'statistics' }
  return { ...best, alternatives, basis: 'statistics' }
}

/** The encoding a byte-order mark names, or null. */
export function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'UTF-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE'
  if (bytes[0] === 0x84 && bytes[1] === 0x31 && bytes[2] === 0x95 && bytes[3] === 0x33) return 'GB18030'
  return null
}

/**
 * Multi-byte characters that must precede the first invalid sequence for a file
 * to count as UTF-8 with a bad part. Example: a UTF-8 Chinese article with one
 * GBK paragraph pasted at its end has hundreds; a GBK file forms a valid UTF-8
 * sequence by chance (lead C2–DF then trail 80–BF) for a character or two.
 */
const MIXED_UTF8_EVIDENCE = 16

function utf8Evidence(bytes: Uint8Array): 'valid' | 'mostly-valid' | 'invalid' {
  // The native strict decoder answers the common case (valid UTF-8) fastest.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return 'valid'
  } catch {
    // Not UTF-8: count how far it gets below.
  }
  let multiByte = 0
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    if (b < 0x80) {
      i++
      continue
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    let ok = length > 0 && i + length <= bytes.length
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k] & 0xc0) === 0x80
    if (ok && length === 3) {
      const cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6)
      ok = cp >= 0x800 && (cp < 0xd800 || cp > 0xdfff)
    }
    if (ok && length === 4) {
      const cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12)
      ok = cp >= 0x10000 && cp <= 0x10ffff
    }
    if (!ok) return multiByte >= MIXED_UTF8_EVIDENCE ? 'mostly-valid' : 'invalid'
    multiByte++
    i += length
  }
  return 'valid'
}

/**
 * chardet's ranked guesses that iconv-lite can decode, one per encoding. UTF-8
 * and ASCII are left out: utf8Evidence has already decided about them exactly.
 */
function statisticalGuesses(bytes: Uint8Array): EncodingGuess[] {
  const sample = bytes.length > SAMPLE_BYTES ? bytes.subarray(0, SAMPLE_BYTES) : bytes
  const seen = new Set<string>(['UTF-8', 'ASCII'])
  const out: EncodingGuess[] = []
  for (const match of analyse(sample)) {
    if (seen.has(match.name) || !iconv.encodingExists(match.name)) continue
    // UTF-32 and UTF-16 guesses without a byte-order mark are noise on text that has none.
    if (/^UTF-(16|32)/.test(match.name)) continue
    seen.add(match.name)
    out.push({ encoding: match.name, confidence: match.confidence / 100 })
    if (out.length > MAX_ALTERNATIVES) break
  }
  return out
}
