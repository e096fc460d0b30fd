import { describe, expect, it } from 'vitest'
import { sourceFormat } from '../../../server/import/sourceFormat'

const bytes = (text: string) => Buffer.from(text, 'utf8')

describe('sourceFormat', () => {
  it('goes by the file name ending first, in any case', () => {
    expect(sourceFormat('Notes.MD', bytes('<html>'))).toBe('md')
    expect(sourceFormat('page.htm', bytes('plain'))).toBe('html')
    expect(sourceFormat('edition.tei', bytes('plain'))).toBe('tei')
    expect(sourceFormat('letter.docx', bytes('plain'))).toBe('docx')
    expect(sourceFormat('a.text', bytes('<TEI>'))).toBe('txt')
  })

  it('without a known ending, by the first bytes: zip, TEI root, HTML, else text', () => {
    expect(sourceFormat(undefined, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe('docx')
    expect(sourceFormat('export', bytes('\ufeff<?xml version="1.0"?>\n<!-- made by hand -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0">'))).toBe('tei')
    expect(sourceFormat('x.bin', bytes('  <!DOCTYPE html><html lang="zh">'))).toBe('html')
    expect(sourceFormat(undefined, bytes('<html>'))).toBe('html')
    expect(sourceFormat(undefined, bytes('<TEIHeader>'))).toBe('txt')
    expect(sourceFormat(undefined, bytes('第一段'))).toBe('txt')
  })
})
