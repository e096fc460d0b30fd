export * from './documents'
export * from './search'
export * from './versions'
