/**
 * Characters XML 1.0 forbids anywhere (even escaped): C0 controls other than tab,
 * LF and CR; lone surrogates; U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Removes the characters XML 1.0 cannot carry; everything else is kept as is. */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(INVALID_XML_CHARS, '')
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Escapes text for XML or HTML element content and double- or single-quoted
 * attribute values, after stripping characters XML 1.0 forbids. `>` is escaped
 * too, so "]]>" can never close a CDATA section or confuse a parser.
 */
export function escapeXml(text: string): string {
  return stripInvalidXmlChars(text).replace(/[&<>"']/g, (c) => ENTITIES[c])
}
