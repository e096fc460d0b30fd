export * from './documents'
export * from './search'
