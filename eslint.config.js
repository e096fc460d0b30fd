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
  { name: 'yjs', message: 'core/ is pure: Yjs code belongs in client/sync/ or server/sync/.' },
  { name: 'better-sqlite3', message: 'core/ is pure: storage belongs in server/persistence/.' },
  { name: 'ws', message: 'core/ is pure: sockets belong in server/sync/.' },
]
const corePatterns = [
  { group: ['y-*', '@y/*'], message: 'core/ is pure: Yjs providers belong in client/sync/ or server/sync/.' },
  { group: ['node:*'], message: 'core/ is pure: file and process access belongs in server/ (e.g. server/cli/).' },
  { group: ['**/client/**', '**/server/**'], message: 'core/ must not depend on the client or the server.' },
]

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
      'no-restricted-globals': ['error',
        { name: 'window', message: 'core/ is pure: DOM code belongs in client/.' },
        { name: 'document', message: 'core/ is pure: DOM code belongs in client/.' },
        { name: 'process', message: 'core/ is pure: process access belongs in server/.' },
      ],
    },
  },
)
