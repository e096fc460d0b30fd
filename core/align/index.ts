export * from './types'
export { tokenize, type Token, type TokenKind, type TokenizeOptions } from './tokenize'
export { alignWitnesses } from './alignWitnesses'
export { proposeComparisons, type WitnessRange, type ProposedComparison } from './proposeComparisons'
