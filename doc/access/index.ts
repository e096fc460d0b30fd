/** Who may change what in a workspace document (issue 14): roles and the one rule on updates. */
export * from './roles'
export * from './checkUpdate'
export * from './roleMessage'
