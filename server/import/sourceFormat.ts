/** The document formats the workspace imports (W3C annotation collections go onto an existing document instead). */
export const SOURCE_FORMATS = ['txt', 'md', 'html', 'docx', 'tei'] as const
export type SourceFormat = (typeof SOURCE_FORMATS)[number]

export function isSourceFormat(value: string): value is SourceFormat {
  return (SOURCE_FORMATS as readonly string[]).includes(value)
}

/** File name endings of each format, for the upload picker and documents/. */
export const FORMAT_EXTENSIONS: Record<SourceFormat, readonly string[]> = {
  txt: ['.txt', '.text'],
  md: ['.md', '.markdown'],
  html: ['.html', '.htm', '.xhtml'],
  docx: ['.docx'],
  tei: ['.xml', '.tei'],
}

/**
 * The format of a file: by its name's ending when it has a known one, else by
 * its first bytes (a zip is a .docx, `<TEI` an XML TEI file, `<html` or a
 * doctype a web page), else plain text. `.xml` files are TEI; the TEI reader
 * refuses another root element by name.
 */
export function sourceFormat(fileName: string | undefined, bytes: Uint8Array): SourceFormat {
  const name = (fileName ?? '').toLowerCase()
  for (const format of SOURCE_FORMATS) {
    if (FORMAT_EXTENSIONS[format].some((ext) => name.endsWith(ext))) return format
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'docx'
  // The head as Latin-1 is enough to see ASCII markup in any ASCII-compatible encoding.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').replace(/^\ufeff|^\xef\xbb\xbf/, '').trimStart().toLowerCase()
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<tei[\s>]/.test(head)) return 'tei'
  if (/^(<!doctype html|<html[\s>])/.test(head)) return 'html'
  return 'txt'
}
