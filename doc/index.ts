/**
 * The workspace Y.Doc model (docs/DATA-MODEL.md): what the client and the server
 * both read and write, in Yjs only (no DOM, Vue or Node; ESLint enforces it).
 */
export * from './model'
export * from './text/FragmentText'
export * from './text/seedDocument'
export * from './text/replaceRange'
export * from './text/openingParagraphs'
export * from './annotations'
export * from './decisions/decisionsDoc'
export * from './collations'
export * from './edition/readEdition'
export * from './history/blame'
export * from './history/restoreVersion'
export * from './history/versionDoc'
export * from './suggestions/trackedChanges'
export * from './suggestions/acceptedText'
