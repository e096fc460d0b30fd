export * from './projection'
export * from './sourceMap'
export * from './foldWidth'
