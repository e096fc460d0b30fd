import { describe, expect, it } from 'vitest'
import { readTei } from '../../../core/import'

const NOW = '2026-12-07T08:00:00.000Z'

describe('readTei', () => {
  it('reads a foreign TEI body by paragraph-level elements, white space collapsed, notes left out', () => {
    const result = readTei(`<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>An  Ode</title></titleStmt><publicationStmt><p>Oxford</p></publicationStmt></fileDesc></teiHeader>
<text><front><p>front matter</p></front><body><div><head>Ode</head>
<lg><l>First
   line,</l><l>second<lb/>half <note>a note</note>line.</l></lg>
<p>An <choice><abbr>abbr.</abbr><expan>abbreviation</expan></choice>, <app><lem>lemma</lem><rdg>reading</rdg></app>.</p></div></body></text></TEI>`, NOW)
    expect(result).toEqual({
      ok: true,
      edition: { paragraphs: ['Ode', 'First line,', 'second half line.', 'An abbreviation, lemma.'], title: 'An Ode', name: null, annotations: [], decisions: [], types: [] },
    })
  })

  it('refuses XML that is not well-formed, another root, or a TEI without a body', () => {
    expect(readTei('<TEI><text><body><p>open', NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/^not well-formed XML/) })
    expect(readTei('<html><body/></html>', NOW)).toEqual({ ok: false, message: 'the root element is <html>, not <TEI>' })
    expect(readTei('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>', NOW)).toEqual({ ok: false, message: 'the TEI has no <text><body>' })
  })
})
