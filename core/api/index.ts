export * from './documents'
export * from './versions'
