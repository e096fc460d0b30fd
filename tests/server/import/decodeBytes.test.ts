import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeBytes } from '../../../server/import/decodeBytes'
import { detectEncoding } from '../../../server/import/detectEncoding'
import { decodeUpload } from '../../../server/documents/decodeUpload'

describe('decodeBytes', () => {
  it('decodes each encoding exactly, the byte-order mark removed', () => {
    const text = '中文，English, 日本語 — “quotes”\n第二行'
    for (const encoding of ['UTF-8', 'UTF-16LE', 'UTF-16BE', 'GB18030']) {
      const withBom = iconv.encode(text, encoding, { addBOM: true })
      expect(decodeBytes(withBom, encoding)).toEqual({ ok: true, text })
    }
    expect(decodeBytes(iconv.encode('繁體中文', 'big5'), 'Big5')).toEqual({ ok: true, text: '繁體中文' })
    expect(decodeBytes(iconv.encode('日本語のテキスト', 'shift_jis'), 'Shift_JIS')).toEqual({ ok: true, text: '日本語のテキスト' })
    expect(decodeBytes(iconv.encode('한국어 텍스트', 'euc-kr'), 'EUC-KR')).toEqual({ ok: true, text: '한국어 텍스트' })
  })

  it('gives the byte offset of the first bad sequence, after the BOM and multi-byte characters before it', () => {
    // UTF-8: BOM (3) + "中" (3) + "a" (1), then a lone continuation byte at 7.
    expect(decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0xe4, 0xb8, 0xad, 0x61, 0x80, 0x62]), 'UTF-8')).toEqual({ ok: false, reason: 'invalid-encoding', offset: 7 })
    // GBK: "中文" (4 bytes), then a lead byte followed by a byte no trail may be.
    expect(decodeBytes(Buffer.concat([iconv.encode('中文', 'gbk'), Buffer.from([0x81, 0x20])]), 'GBK')).toEqual({ ok: false, reason: 'invalid-encoding', offset: 4 })
    // UTF-16LE: a lone high surrogate after "ab" (BOM 2 + 4 bytes).
    expect(decodeBytes(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00, 0x3d, 0xd8, 0x63, 0x00]), 'UTF-16LE')).toEqual({ ok: false, reason: 'invalid-encoding', offset: 6 })
    // windows-1252 leaves 0x81 undefined.
    expect(decodeBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x81]), 'windows-1252')).toEqual({ ok: false, reason: 'invalid-encoding', offset: 4 })
  })

  it('keeps a U+FFFD the source really encodes', () => {
    expect(decodeBytes(Buffer.from('a\ufffdb', 'utf8'), 'UTF-8')).toEqual({ ok: true, text: 'a\ufffdb' })
  })

  it('refuses control characters as binary content at their byte, and keeps tab, line breaks and form feed', () => {
    expect(decodeBytes(Buffer.from('a\tb\r\nc\fd\ve'), 'UTF-8')).toEqual({ ok: true, text: 'a\tb\r\nc\fd\ve' })
    expect(decodeBytes(Buffer.from('第一\u001b[0m'), 'UTF-8')).toEqual({ ok: false, reason: 'binary-content', offset: 6 })
    expect(decodeBytes(iconv.encode('ab\u0000', 'utf16be'), 'UTF-16BE')).toEqual({ ok: false, reason: 'binary-content', offset: 4 })
  })
})

describe('detectEncoding', () => {
  it('trusts a byte-order mark, then strict UTF-8, then statistics', () => {
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x4e, 0x2d]))).toMatchObject({ encoding: 'UTF-16BE', confidence: 1, basis: 'bom' })
    expect(detectEncoding(Buffer.from('plain ASCII'))).toMatchObject({ encoding: 'UTF-8', confidence: 1, basis: 'utf-8' })
    expect(detectEncoding(Buffer.from(''))).toMatchObject({ encoding: 'UTF-8', confidence: 1 })
    const gbk = iconv.encode('中华人民共和国主席习近平出席第二届中国－中亚峰会并发表主旨发言，强调弘扬中国中亚精神。', 'gbk')
    expect(detectEncoding(gbk)).toMatchObject({ encoding: 'GB18030', basis: 'statistics' })
    expect(detectEncoding(gbk).confidence).toBeGreaterThanOrEqual(0.5)
  })

  it('names Shift_JIS, EUC-KR, Big5 and windows-1252 text confidently, each decoding back to the text', () => {
    const texts: [string, string][] = [
      ['Shift_JIS', '吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。'],
      ['EUC-KR', '대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다. 대한민국의 국민이 되는 요건은 법률로 정한다.'],
      ['Big5', '兩年前，我們相聚中國西安，共同擘畫了中國中亞合作的「西安願景」。我們一起栽下的六棵石榴樹，已經花滿枝頭。'],
      ['windows-1252', '“Quoted” text – with dashes… and œuvre, naïve café. Le petit village s’éveillait lentement sous un ciel d’été, tandis que les vieillards évoquaient les récoltes passées.'],
    ]
    for (const [encoding, text] of texts) {
      const bytes = iconv.encode(text, encoding)
      const detection = detectEncoding(bytes)
      expect([detection.encoding, detection.basis]).toEqual([encoding, 'statistics'])
      expect(detection.confidence).toBeGreaterThanOrEqual(0.5)
      expect(decodeUpload(bytes)).toMatchObject({ ok: true, text, encoding })
    }
  })

  it('calls a UTF-8 file with a bad part later UTF-8, so that decoding refuses it at the bad byte', () => {
    const utf8 = Buffer.from('一二三四五六七八九十'.repeat(2), 'utf8')
    const mixed = Buffer.concat([utf8, iconv.encode('这是', 'gbk')])
    expect(detectEncoding(mixed)).toMatchObject({ encoding: 'UTF-8', confidence: 0.9, basis: 'utf-8' })
    expect(decodeUpload(mixed)).toMatchObject({ ok: false, problem: { id: 'invalid-encoding', offset: utf8.length } })
    // Below 16 valid multi-byte characters first, statistics decide instead.
    expect(detectEncoding(Buffer.concat([Buffer.from('一二三', 'utf8'), iconv.encode('这是', 'gbk')])).basis).toBe('statistics')
  })
})

describe('decodeUpload', () => {
  it('calls NUL bytes binary outside UTF-16, before statistics', () => {
    expect(decodeUpload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]))).toMatchObject({ ok: false, problem: { id: 'binary-content', offset: 4 } })
    expect(decodeUpload(iconv.encode('ab', 'utf16le'), 'UTF-16LE')).toMatchObject({ ok: true, text: 'ab', encoding: 'UTF-16LE' })
  })
})
