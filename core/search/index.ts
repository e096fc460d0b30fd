/**
 * Search over plain text. Workspace search: entries, literal case-folded
 * matching (findMatches), snippets, query parsing. The editor's find and
 * replace (client/editor/findPlugin.ts): a query with regex, case and width
 * folding in, ranges of text offsets out (findInText), $-group replacements.
 */
export * from './searchEntry'
export * from './buildSearchEntries'
export * from './findMatches'
export * from './makeSnippet'
export * from './searchQuery'
export { findInText, MAX_MATCHES, type FindQuery, type FindResult, type TextMatch, type TextRange } from './findInText'
export { expandReplacement, replacementsFor, type TextReplacement } from './expandReplacement'
export { escapeRegExp, foldPattern } from './foldPattern'
export { wholeWordSource } from './wholeWord'
