/**
 * Escapes text so Markdown (CommonMark + footnotes) shows it literally: inline
 * markup characters are backslash-escaped, and so are list, heading and
 * blockquote markers at a line start. Raw HTML cannot get through: "<" and "&"
 * are escaped too.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>#|~&!]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
}
