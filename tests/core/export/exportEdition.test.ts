import { describe, expect, it } from 'vitest'
import { EXPORT_FORMATS, cleanText, exportEdition, type ExportFormat } from '../../../core/export'
import { sampleInput } from './fixtures'

describe('exportEdition', () => {
  const input = sampleInput()
  it('dispatches each format', () => {
    const out = Object.fromEntries(EXPORT_FORMATS.map((f) => [f, exportEdition(f, input)]))
    expect(out.tei.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">')).toBe(true)
    expect(JSON.parse(out.w3c).type).toBe('AnnotationCollection')
    expect(out.html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(out.md.startsWith('# ')).toBe(true)
    expect(out.txt).toBe(`${cleanText(input).text}\n`)
  })
  it('throws RangeError naming an unknown format', () => {
    expect(() => exportEdition('pdf' as ExportFormat, input)).toThrow(/unknown export format "pdf"/)
  })
})
