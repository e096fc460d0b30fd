import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

// core/ is shared by the browser, the server and the CLI, so it must stay pure:
// text in, plain data out. Each banned import says where such code belongs.
const coreBans = [
  { name: 'vue', message: 'core/ is pure: Vue code belongs in client/.' },
  { name: 'pinia', message: 'core/ is pure: stores belong in client/stores/.' },
  { name: 'prosemirror-view', message: 'core/ is pure: editor glue belongs in client/editor/.' },
  { name: 'prosemirror-state', message: 'core/ is pure: editor glue belongs in client/editor/.' },
  { name: 'yjs', message: 'core/ is pure: Yjs code belongs in doc/ (the shared document model), client/sync/ or server/sync/.' },
  { name: 'better-sqlite3', message: 'core/ is pure: storage belongs in server/persistence/.' },
  { name: 'ws', message: 'core/ is pure: sockets belong in server/sync/.' },
]
const corePatterns = [
  { group: ['y-*', '@y/*'], message: 'core/ is pure: Yjs providers belong in client/sync/ or server/sync/.' },
  { group: ['node:*'], message: 'core/ is pure: file and process access belongs in server/ (e.g. server/cli/).' },
  { group: ['**/client/**', '**/server/**', '**/doc/**', '**/doc'], message: 'core/ must not depend on the document model, the client or the server.' },
]

// doc/ is the workspace Y.Doc model that the client and the server share (as
// Outline's shared/ serves app/ and server/): Yjs and core/ only, so it runs in the
// browser, the server and any Yjs client alike.
const docBans = [
  { name: 'vue', message: 'doc/ is the shared Y.Doc model: Vue code belongs in client/.' },
  { name: 'pinia', message: 'doc/ is the shared Y.Doc model: stores belong in client/stores/.' },
  { name: 'better-sqlite3', message: 'doc/ is the shared Y.Doc model: storage belongs in server/persistence/.' },
  { name: 'ws', message: 'doc/ is the shared Y.Doc model: sockets belong in server/sync/.' },
]
const docPatterns = [
  { group: ['prosemirror-*', 'y-prosemirror'], message: 'doc/ is the shared Y.Doc model: editor glue belongs in client/editor/.' },
  { group: ['y-websocket', 'y-indexeddb', '@y/*', 'y-protocols', 'y-protocols/*'], message: 'doc/ is the shared Y.Doc model: providers and protocols belong in client/sync/ or server/sync/.' },
  { group: ['node:*'], message: 'doc/ is the shared Y.Doc model: file and process access belongs in server/.' },
  { group: ['**/client/**', '**/client', '**/server/**', '**/server'], message: 'doc/ is shared by the client and the server and depends on neither.' },
]
const domGlobals = (folder, home) => [
  { name: 'window', message: `${folder} is pure: DOM code belongs in client/.` },
  { name: 'document', message: `${folder} is pure: DOM code belongs in client/.` },
  { name: 'process', message: `${folder} is pure: process access belongs in ${home}.` },
]

// client/ and server/ are two sides on the shared base (doc/, core/): what both
// need moves down into doc/ or core/, never across.
const sideRules = (side, other) => ['error', {
  patterns: [{ group: [`**/${other}/**`, `**/${other}`], message: `${side}/ must not import ${other}/: move what both need into doc/ (Y.Doc model) or core/ (pure logic).` }],
}]

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: coreBans, patterns: corePatterns }],
      'no-restricted-globals': ['error', ...domGlobals('core/', 'server/')],
    },
  },
  {
    files: ['doc/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: docBans, patterns: docPatterns }],
      'no-restricted-globals': ['error', ...domGlobals('doc/', 'server/')],
    },
  },
  { files: ['server/**/*.ts'], rules: { 'no-restricted-imports': sideRules('server', 'client') } },
  { files: ['client/**/*.ts', 'client/**/*.vue'], rules: { 'no-restricted-imports': sideRules('client', 'server') } },
)
