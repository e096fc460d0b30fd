import type { EditionInput } from './editionInput'

/**
 * Everyone to credit, each once, in order of first appearance: the metadata's
 * editors, then annotation authors, commenters and deciders.
 */
export function editionEditors(input: EditionInput): string[] {
  const names = new Set<string>()
  for (const name of input.metadata.editors ?? []) names.add(name)
  for (const a of input.annotations) {
    names.add(a.author)
    for (const c of a.comments) names.add(c.author)
  }
  for (const d of input.decisions) names.add(d.author)
  names.delete('')
  return [...names]
}
