import { describe, expect, it } from 'vitest'
import { declaredEncoding } from '../../../server/import/declaredEncoding'

const head = (text: string) => Buffer.from(text, 'latin1')

describe('declaredEncoding', () => {
  it('reads the XML declaration, <meta charset> and the http-equiv form, spelled as the offered encodings', () => {
    expect(declaredEncoding(head('<?xml version="1.0" encoding="shift_jis"?><TEI/>'))).toBe('Shift_JIS')
    expect(declaredEncoding(head('<!doctype html><meta charset=big5><p>x'))).toBe('Big5')
    expect(declaredEncoding(head('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1250">'))).toBe('windows-1250')
    expect(declaredEncoding(head('<meta charset="cp936">'))).toBe('cp936')
  })

  it('is null without a declaration, for an unknown name, or past the first 1024 bytes', () => {
    expect(declaredEncoding(head('<p>no declaration</p>'))).toBeNull()
    expect(declaredEncoding(head('<meta charset="klingon">'))).toBeNull()
    expect(declaredEncoding(head(`${' '.repeat(1024)}<meta charset="gbk">`))).toBeNull()
  })
})
