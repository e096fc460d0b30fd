import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { jingFiles } from './jing'
import { ANNOTATION_MUSTS, failedAssertions, jsonLdError } from './webAnnotationSchemas'

// The validators must reject what they should, or a green export test proves nothing.
describe('jing', () => {
  it('accepts the valid TEI sample and rejects every invalid one', () => {
    const dir = 'validators/tei/samples'
    const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => join(dir, f))
    const result = jingFiles(files)
    for (const f of files) {
      if (f.includes('/valid-')) expect(result.get(f), f).toEqual([])
      else expect(result.get(f)!.length, f).toBeGreaterThan(0)
    }
  })
})

describe('webAnnotationSchemas', () => {
  const dir = 'validators/wa/samples'
  for (const file of readdirSync(dir)) {
    const good = file.startsWith('good-')
    it(`${good ? 'accepts' : 'rejects'} ${file}`, async () => {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8'))
      const items = Array.isArray(data) ? data : [data]
      const failures = []
      for (const item of items) {
        failures.push(...failedAssertions(item, ANNOTATION_MUSTS))
        const ld = await jsonLdError(item)
        if (ld) failures.push(ld)
      }
      if (good) expect(failures).toEqual([])
      else expect(failures.length).toBeGreaterThan(0)
    })
  }
})
