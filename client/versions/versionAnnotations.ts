import type * as Y from 'yjs'
import { annotationsMap, readAnnotation, versionDoc } from '../../doc'

/** An annotation as a version had it, and whether the present document still has it so. */
export interface VersionAnnotation {
  id: string
  type: string
  author: string
  quote: string
  comments: number
  /** 'same': present now with the same comments; 'changed': present, comments differ; 'gone': deleted since. */
  now: 'same' | 'changed' | 'gone'
}

/**
 * The annotations of a version (its encoded state) against the present doc:
 * what the Versions tab lists as "annotations as they were then", each with
 * whether it can be brought back (gone, or its comment thread changed).
 */
export function versionAnnotations(state: Uint8Array, present: Y.Doc): VersionAnnotation[] {
  const doc = versionDoc(state)
  try {
    const current = annotationsMap(present)
    return [...annotationsMap(doc).values()].map((entry) => {
      const then = readAnnotation(entry)
      const nowEntry = current.get(then.id)
      const comments = (list: { text: string }[]) => JSON.stringify(list.map((c) => c.text))
      const now = !nowEntry ? 'gone' : comments(readAnnotation(nowEntry).comments) === comments(then.comments) ? 'same' : 'changed'
      return { id: then.id, type: then.type, author: then.author, quote: then.anchor.quote.exact, comments: then.comments.length, now }
    })
  } finally {
    doc.destroy()
  }
}
