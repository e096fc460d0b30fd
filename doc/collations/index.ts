export * from './collationsDoc'
export * from './collationDecisions'
