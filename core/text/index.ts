export * from './projection'
export * from './sourceMap'
export * from './docModel'
export * from './foldWidth'
