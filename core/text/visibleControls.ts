/**
 * Bidi controls (embeddings, overrides, isolates, marks: U+200E–200F, U+202A–202E,
 * U+2066–2069, U+061C) and other control characters (C0 but tab, DEL, C1) that a
 * name may carry to disguise itself: `evil\u202Etxt.exe` shows as `evilexe.txt`.
 */
// Matching control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g

/**
 * `text` with every bidi control and control character shown as a visible
 * `⟨U+XXXX⟩` marker instead of applied, for titles and file names that come from
 * uploads. Other text is returned unchanged. Pure; never throws.
 */
export function visibleControls(text: string): string {
  return text.replace(HIDDEN, (char) => `⟨U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`)
}
