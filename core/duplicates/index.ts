export * from './findDuplicates'
