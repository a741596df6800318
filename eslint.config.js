// Lint for the whole repo: typescript-eslint's recommended rules plus the folder boundaries
// (docs/architecture.md): core never imports electron, react, the renderer, main or the CLI;
// providers never import the launcher; the renderer and shared never import Node built-ins.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'stream',
  'util',
  'worker_threads',
]

/** One no-restricted-imports rule per folder; `patterns` entries are gitignore-style. */
function boundary(message, patterns) {
  return ['error', { patterns: [{ group: patterns, message }] }]
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'runs/**', 'dist/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' },
      ],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/providers/**'],
    rules: {
      'no-restricted-imports': boundary(
        'src/core runs as plain Node (CLI, tests, browser mode): no electron, react, renderer, main or cli',
        [
          'electron',
          'react',
          'react-dom',
          'react/*',
          'react-dom/*',
          'zustand',
          'zustand/*',
          '@xyflow/*',
          '**/renderer/**',
          '**/main/**',
          '**/cli/**',
        ],
      ),
    },
  },
  {
    files: ['src/core/providers/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary(
        'providers speak to servers; starting servers is the launcher’s job, which depends on providers, not the reverse',
        [
          'electron',
          'react',
          'react-dom',
          'react/*',
          'zustand',
          '@xyflow/*',
          '**/renderer/**',
          '**/main/**',
          '**/cli/**',
          '**/launcher/**',
          '**/launcher',
        ],
      ),
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary('the CLI runs as plain Node over core: no electron, react, renderer or main', [
        'electron',
        'react',
        'react-dom',
        '**/renderer/**',
        '**/main/**',
      ]),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': boundary(
        'the renderer runs in a browser: no Node built-ins, no core, main or cli (talk to core through window.api)',
        [...NODE_BUILTINS, 'electron', 'better-sqlite3', '**/core/**', '**/main/**', '**/cli/**'],
      ),
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary('src/shared is imported by both sides: zod and plain TypeScript only', [
        ...NODE_BUILTINS,
        'electron',
        'react',
        '**/core/**',
        '**/main/**',
        '**/cli/**',
        '**/renderer/**',
      ]),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': boundary('the preload imports only electron and the contract', [
        ...NODE_BUILTINS,
        '**/core/**',
        '**/cli/**',
        '**/renderer/**',
      ]),
    },
  },
)
