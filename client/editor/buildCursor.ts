import { presenceColor } from '../../doc/presence/presenceColor'

/** The awareness `user` field y-prosemirror's cursor plugin reads. */
export interface CursorUser {
  name: string
  color: string
}

/**
 * A remote caret labelled with its user's name, in the markup y-prosemirror's
 * default builder uses (`.ProseMirror-yjs-cursor` holding a label div), plus
 * a title and an accessible label so the caret is identified without colour.
 */
export function buildCursor(user: CursorUser): HTMLElement {
  // Only #rrggbb reaches a style (issue 14: CSS injected through a presence colour).
  const color = presenceColor(user.color)
  const cursor = document.createElement('span')
  cursor.classList.add('ProseMirror-yjs-cursor')
  cursor.style.borderColor = color
  cursor.setAttribute('aria-label', `${user.name}'s cursor`)
  cursor.title = user.name
  const label = document.createElement('div')
  label.style.backgroundColor = color
  label.style.color = readableTextColor(color)
  label.textContent = user.name
  // Word joiners keep the caret from creating a line-break opportunity.
  cursor.append('\u2060', label, '\u2060')
  return cursor
}

/**
 * Near-black or white, whichever contrasts more with `hex` (#rrggbb). The two
 * contrasts are equal at relative luminance ≈ 0.179 ((L + 0.05) / 0.05 =
 * 1.05 / (L + 0.05)). Worked example: #f5c400 (yellow, L ≈ 0.36) gets dark
 * text, #1f4e9e (blue, L ≈ 0.08) gets white.
 */
export function readableTextColor(hex: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!match) return '#ffffff'
  const [r, g, b] = match.slice(1).map((h) => {
    const c = parseInt(h, 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
  return luminance > 0.179 ? '#1a1a1a' : '#ffffff'
}
