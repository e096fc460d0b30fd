/**
 * Validates Web Annotation JSON against the W3C Web Annotation test suite's JSON
 * schemas (validators/wa/web-annotation-tests, draft-04) the way its runner does:
 * an assertion passes when the schema's result equals its `expectedResult`.
 * Loading follows validators/README.md: Ajv's draft-04 class, `strict: false`
 * (the schemas carry non-standard keys), `validateSchema: false`, and
 * `addUsedSchema: false` for assertions (two files share an id). Also expands
 * JSON-LD in safe mode against the vendored W3C context, which fails on any key
 * the context cannot map (typos, undeclared extras). Offline: no other context loads.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import Ajv04 from 'ajv-draft-04'
import addFormats from 'ajv-formats'
import jsonld from 'jsonld'

const ROOT = join(import.meta.dirname, '../../validators/wa')
const SUITE = join(ROOT, 'web-annotation-tests')
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'))

interface Assertion {
  name: string
  schema: { expectedResult?: string; errorMessage?: string; title?: string }
  validate: ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null }
}

const ajv = new Ajv04({ allErrors: true, strict: false, validateSchema: false, addUsedSchema: false })
addFormats(ajv)
for (const file of readdirSync(join(SUITE, 'definitions')).filter((f) => f.endsWith('.json'))) {
  ajv.addSchema(readJson(join(SUITE, 'definitions', file)) as object)
}

const flat = (a: unknown[]): string[] => a.flatMap((v) => (Array.isArray(v) ? flat(v) : [v as string]))
const cache = new Map<string, Assertion>()
const load = (rel: string): Assertion => {
  let a = cache.get(rel)
  if (!a) {
    const schema = readJson(join(SUITE, rel)) as Assertion['schema']
    a = { name: basename(rel, '.json'), schema, validate: ajv.compile(schema as object) as Assertion['validate'] }
    cache.set(rel, a)
  }
  return a
}
const musts = (testFile: string): Assertion[] => flat((readJson(join(SUITE, testFile)) as { assertions: unknown[] }).assertions).map(load)

export const ANNOTATION_MUSTS = musts('annotations/annotationMusts.test')
export const COLLECTION_MUSTS = musts('collections/collectionMusts.test')
export const PAGE_MUSTS = musts('collections/pages/pageMusts.test')
/** Optional assertions the exports promise: both selectors on every target. */
export const SELECTOR_FEATURES = ['annotations/specificResource/4.2.4-textQuoteSelector.json', 'annotations/specificResource/4.2.5-textPositionSelector.json'].map(load)

/** Failure messages of `assertions` on `data`; empty when every one passes. */
export function failedAssertions(data: unknown, assertions: readonly Assertion[]): string[] {
  const failures: string[] = []
  for (const a of assertions) {
    const valid = a.validate(data)
    if ((a.schema.expectedResult ?? 'valid') === 'valid' ? !valid : valid) {
      const detail = (a.validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')
      failures.push(`${a.name}: ${a.schema.errorMessage ?? a.schema.title ?? ''} ${detail}`.trim())
    }
  }
  return failures
}

const annoContext = readJson(join(ROOT, 'contexts/anno.jsonld'))
const documentLoader = async (url: string) => {
  if (/^https?:\/\/www\.w3\.org\/ns\/anno\.jsonld$/.test(url)) return { contextUrl: null, documentUrl: url, document: annoContext }
  throw new Error(`remote context not available offline: ${url}`)
}

/** Expands `data` as JSON-LD in safe mode; returns the error message, or null when it expands cleanly. */
export async function jsonLdError(data: unknown): Promise<string | null> {
  try {
    await jsonld.expand(data, { documentLoader, safe: true })
    return null
  } catch (error) {
    const e = error as { message: string; details?: { event?: { code?: string; details?: { term?: string; property?: string } } } }
    const ev = e.details?.event
    return `${e.message}${ev?.code ? ` [${ev.code}: ${ev.details?.term ?? ev.details?.property ?? ''}]` : ''}`
  }
}
