export * from './importedEdition'
export * from './readHtml'
export * from './readTei'
export * from './offeredEncodings'
