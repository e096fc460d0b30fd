export * from './projection'
export * from './lines'
export * from './sourceMap'
export * from './docModel'
