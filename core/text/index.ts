export * from './projection'
export * from './sourceMap'
