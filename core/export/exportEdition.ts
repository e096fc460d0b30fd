import { cleanText } from './cleanText'
import type { EditionInput } from './editionInput'
import { exportHtml } from './html'
import { exportMarkdown } from './markdown'
import { exportTei } from './tei'
import { exportWebAnnotations } from './webAnnotation'

/** The export formats, as the CLI and the HTTP API name them. */
export const EXPORT_FORMATS = ['tei', 'w3c', 'html', 'md', 'txt'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** File name extension and MIME type of each format, for downloads and --out. */
export const EXPORT_FORMAT_INFO: Record<ExportFormat, { extension: string; mediaType: string }> = {
  tei: { extension: '.tei.xml', mediaType: 'application/tei+xml; charset=utf-8' },
  w3c: { extension: '.jsonld', mediaType: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8' },
  html: { extension: '.html', mediaType: 'text/html; charset=utf-8' },
  md: { extension: '.md', mediaType: 'text/markdown; charset=utf-8' },
  txt: { extension: '.txt', mediaType: 'text/plain; charset=utf-8' },
}

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value)
}

/**
 * An edition in one format: 'tei' TEI P5 XML, 'w3c' Web Annotation JSON-LD, 'html'
 * a self-contained page, 'md' Markdown with footnotes, 'txt' the clean text (the
 * change list is dropped; call `cleanText` for it). Throws RangeError naming an
 * unknown format.
 */
export function exportEdition(format: ExportFormat, input: EditionInput): string {
  switch (format) {
    case 'tei':
      return exportTei(input)
    case 'w3c':
      return exportWebAnnotations(input)
    case 'html':
      return exportHtml(input)
    case 'md':
      return exportMarkdown(input)
    case 'txt': {
      const { text } = cleanText(input)
      return text.endsWith('\n') ? text : `${text}\n`
    }
    default:
      throw new RangeError(`unknown export format ${JSON.stringify(format)}; expected one of ${EXPORT_FORMATS.join(', ')}`)
  }
}
