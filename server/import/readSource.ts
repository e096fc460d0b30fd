import { plainEdition, readHtml, readTei, type ImportedEdition, type ImportResult } from '../../core/import'
import { paragraphsFromPlainText } from '../../core/text'
import { decodeUpload, type UploadProblem } from '../documents/decodeUpload'
import { declaredEncoding } from './declaredEncoding'
import { detectEncoding, type EncodingDetection } from './detectEncoding'
import { readDocx } from './readDocx'
import { sourceFormat, type SourceFormat } from './sourceFormat'

/** How to read a file; everything is optional. */
export interface SourceOptions {
  /** Its name: gives the format by its ending. */
  fileName?: string
  /** An iconv-lite encoding name chosen by the user instead of the detected one. */
  encoding?: string
  /** The format chosen instead of the one the name or content gives. */
  format?: SourceFormat
  /** ISO 8601 time for imported annotations that carry none. */
  now?: string
}

/** Why a file cannot be imported: a decoding problem, or its format's; `id` is an ApiError id. */
export type SourceProblem = UploadProblem | { id: 'invalid-document' | 'empty-document'; message: string; offset?: undefined }

/** A file read as far as it could be: format, encoding, and the edition or the problem. */
export interface SourceReading {
  format: SourceFormat
  /** What detection found (null for .docx, which is a zip, not text). */
  detection: EncodingDetection | null
  /** The encoding the text was decoded with: the user's choice, else the detected one; null for .docx. */
  encoding: string | null
  /** The decoded text before format extraction (null for .docx or when decoding failed). */
  text: string | null
  edition: ImportedEdition | null
  problem: SourceProblem | null
}

/**
 * Reads a file's bytes as a document: finds the format (sourceFormat), decodes
 * the text formats with decodeUpload (the chosen encoding; else for a web page or
 * XML file the one it declares, unless a BOM or valid UTF-8 says otherwise; else
 * the detected one when detection is confident; its problems, with their byte
 * offsets, are this function's), and extracts paragraphs and annotations by format: a file the
 * format's reader refuses is `invalid-document`, one without text
 * `empty-document`. Never throws for any bytes.
 */
export async function readSource(bytes: Uint8Array, options: SourceOptions = {}): Promise<SourceReading> {
  const format = options.format ?? sourceFormat(options.fileName, bytes)
  const now = options.now ?? new Date().toISOString()
  const reading: SourceReading = { format, detection: null, encoding: null, text: null, edition: null, problem: null }
  const refuse = (problem: SourceProblem): SourceReading => ({ ...reading, problem })
  if (format === 'docx') return finish(reading, await readDocx(bytes, now))

  // A page's or XML file's own declaration outweighs statistics, not a BOM or valid UTF-8.
  let encoding = options.encoding
  if (encoding === undefined && (format === 'html' || format === 'tei')) {
    const declared = declaredEncoding(bytes)
    if (declared !== null && detectEncoding(bytes).basis === 'statistics') encoding = declared
  }
  const decoded = decodeUpload(bytes, encoding)
  reading.detection = decoded.detection
  reading.encoding = decoded.encoding
  if (!decoded.ok) return refuse(decoded.problem)
  reading.text = decoded.text
  if (format === 'html') return finish(reading, readHtml(decoded.text))
  if (format === 'tei') return finish(reading, readTei(decoded.text, now))
  return finish(reading, { ok: true, edition: plainEdition(paragraphsFromPlainText(decoded.text)) })
}

function finish(reading: SourceReading, result: ImportResult): SourceReading {
  if (!result.ok) return { ...reading, problem: { id: 'invalid-document', message: `cannot read this ${reading.format} file: ${result.message}` } }
  if (result.edition.paragraphs.length === 0) return { ...reading, problem: { id: 'empty-document', message: 'the file has no text' } }
  return { ...reading, edition: result.edition }
}
