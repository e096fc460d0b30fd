/**
 * An id derived from what an action is about, so two editors doing the same thing
 * at the same moment write the same Y.Map keys and their writes merge into one set
 * instead of two (issue #13: concurrent flagging of one cluster gave two clusters).
 * `prefix` names the intent ("dup", "chk", "fix"); `parts` are the facts that make
 * it the same action (rule, ranges, the text covered). The hash is cyrb53 (53 bits,
 * 14 hex digits): collisions among the few thousand ids of one document are
 * vanishingly unlikely (≈ n²/2⁵⁴). Matches core's ID_PATTERN.
 */
export function contentId(prefix: string, parts: readonly (string | number)[]): string {
  return `${prefix}-${cyrb53(parts.join('\u0000')).toString(16).padStart(14, '0')}`
}

/** cyrb53 by bryc (public domain): a fast 53-bit string hash with good dispersion. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}
