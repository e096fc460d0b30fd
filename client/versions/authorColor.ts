import { IDENTITY_COLORS } from '../stores/identity'

/**
 * The colour an author's changes are shown in: the colour they chose (`known`,
 * from the presence of the people in the document), else one of the identity
 * colours picked by a hash of the name, so every viewer sees an absent author in
 * the same colour without the server storing colours.
 */
export function authorColor(name: string | null, known: ReadonlyMap<string, string> = new Map()): string {
  if (name === null) return '#6b6b6b'
  const chosen = known.get(name)
  if (chosen) return chosen
  let hash = 0
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) >>> 0
  return IDENTITY_COLORS[hash % IDENTITY_COLORS.length]
}
