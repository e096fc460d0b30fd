import * as Y from 'yjs'

/** What finds structs by id (StructLocator). */
interface StructFinder {
  find(id: Y.ID): { struct: Y.Item | Y.GC } | null
}

/**
 * Whether splitting the struct that holds clock `at` of `client` just before `at`
 * would cut a UTF-16 surrogate pair. Yjs splits a string item wherever an update
 * points into it (an origin, a right origin, either end of a deletion) and then
 * replaces both halves of a cut pair with U+FFFD in place (ContentString.splice).
 * Every copy that applies the same new item or deletion cuts alike; but a struct
 * the doc already holds has its references resolved all the same and is then
 * dropped, so the cut happens on the server alone: it shows "��" where every other
 * copy shows the emoji (issue 14, found by fuzzing).
 */
export function splitsSurrogatePair(structs: StructFinder, client: number, at: number): boolean {
  const found = structs.find(Y.createID(client, at))
  if (!found || !(found.struct instanceof Y.Item) || !(found.struct.content instanceof Y.ContentString)) return false
  const offset = at - found.struct.id.clock
  if (offset === 0) return false
  const code = found.struct.content.str.charCodeAt(offset - 1)
  return code >= 0xd800 && code <= 0xdbff
}
