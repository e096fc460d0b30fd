export * from './annotation'
export * from './createAnchor'
export * from './reanchor'
export * from './parseAnnotation'
