import iconv from 'iconv-lite'
import { OFFERED_ENCODINGS } from '../../core/import'

/** How far into a file a declaration is looked for: HTML requires <meta charset> in the first 1024 bytes. */
const HEAD_BYTES = 1024

/**
 * The encoding a web page or XML file declares in its first 1024 bytes
 * (`<meta charset="gbk">`, `<meta http-equiv="Content-Type" content="text/html;
 * charset=big5">`, `<?xml version="1.0" encoding="Shift_JIS"?>`), spelled as
 * OFFERED_ENCODINGS spells it when it is one of them; null when there is none or
 * iconv-lite does not know it. The head is read as Latin-1, which shows the ASCII
 * markup of any ASCII-compatible encoding unchanged.
 */
export function declaredEncoding(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, HEAD_BYTES)).toString('latin1')
  const found =
    /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head) ??
    /<meta\b[^>]*\bcharset\s*=\s*["']?([\w.:-]+)/i.exec(head)
  if (!found || !iconv.encodingExists(found[1])) return null
  return OFFERED_ENCODINGS.find((name) => name.toLowerCase() === found[1].toLowerCase()) ?? found[1]
}
