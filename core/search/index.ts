/**
 * Find and replace over a plain text: a query in, ranges of text offsets out
 * (the editor's find bar, client/editor/findPlugin.ts).
 */
export { findMatches, MAX_MATCHES, type FindQuery, type FindResult, type TextMatch, type TextRange } from './findMatches'
export { expandReplacement, replacementsFor, type TextReplacement } from './expandReplacement'
export { escapeRegExp, foldPattern } from './foldPattern'
export { wholeWordSource } from './wholeWord'
