import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom'
import { expect } from 'vitest'

/** Parses exported XML, asserting the parser reported no error. */
export function parseXml(text: string) {
  const errors: string[] = []
  const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) }).parseFromString(text, 'text/xml')
  expect(errors).toEqual([])
  return doc
}

/** Every element of a parsed document, or those named `name`. */
export function allElements(doc: ReturnType<typeof parseXml>, name = '*'): XmlElement[] {
  return Array.from(doc.getElementsByTagName(name)) as unknown as XmlElement[]
}

/**
 * Asserts that every TEI pointer (@wit, @corresp, @target, @from, @to, @ana, @resp,
 * @prev, @next) in `text` is "#id" of an xml:id in it (jing does not check this);
 * `name` labels failures. Returns how many pointers there were.
 */
export function expectPointersResolve(name: string, text: string): number {
  const elements = allElements(parseXml(text))
  const ids = new Set(elements.map((e) => e.getAttribute('xml:id')).filter((v): v is string => v !== null))
  let pointers = 0
  for (const e of elements) {
    for (const attr of ['wit', 'corresp', 'target', 'from', 'to', 'ana', 'resp', 'prev', 'next']) {
      const value = e.getAttribute(attr)
      if (value === null) continue
      for (const ref of value.split(/\s+/)) {
        pointers++
        expect(ref.startsWith('#') && ids.has(ref.slice(1)), `${name}: ${e.tagName}@${attr}="${ref}"`).toBe(true)
      }
    }
  }
  return pointers
}
