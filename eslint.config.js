// @ts-check
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import regexpPlugin from 'eslint-plugin-regexp';
import redosPlugin from 'eslint-plugin-redos';
import tseslint from 'typescript-eslint';
import eslintConfigPrettier from 'eslint-config-prettier/flat';

const typeAwareRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/no-explicit-any': 'error',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
};

const electronOnlyInShell = {
  group: ['electron', 'electron/*', 'electron-updater'],
  // `import type` is erased at build time and allowed.
  allowTypeImports: true,
  message: 'Only src/main/shell (outside its pure policy/ folder), src/main/index.ts and src/preload import Electron.',
};

/**
 * One `no-restricted-imports` block per layer rule. Where blocks overlap the later one replaces the
 * earlier one's options (flat config does not merge them), so each block lists all its patterns.
 */
function layerRules(rules) {
  return rules.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  }));
}

export default tseslint.config(
  { ignores: ['out/**', 'lib/**', 'dist/**', 'node_modules/**', 'coverage/**', '.cache/**', 'src/renderer/src/api/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  // Regular expressions run on request bodies in the main process: one that backtracks
  // super-linearly lets a single crafted request freeze the API, IPC and the window.
  {
    // Two checkers: eslint-plugin-regexp misses lazy repeats such as (<!--[\s\S]*?-->)*, which
    // recheck (eslint-plugin-redos) proves exponential.
    files: ['src/**/*.ts', 'src/**/*.vue', 'bin/**/*.mjs'],
    plugins: { regexp: regexpPlugin, redos: redosPlugin },
    rules: {
      'redos/no-vulnerable': 'error',
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      'regexp/no-misleading-capturing-group': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: typeAwareRules,
  },
  {
    // Single-file components: <script setup lang="ts"> parsed by typescript-eslint with the web
    // tsconfig (the project service does not open .vue files), so the same promise rules apply.
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        project: './tsconfig.web.json',
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      ...typeAwareRules,
      // vue-tsc checks names (browser globals included); ESLint's scope analysis does not know the DOM.
      'no-undef': 'off',
      // Formatting of templates is left to the authors; these rules are about correctness.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
    },
  },
  {
    // zod's `z` is its whole namespace as a value: a module that imports it by name (or re-exports
    // it) makes esbuild keep all of zod, 0.76 MB per thread that every thread's start compiles,
    // where `import * as z` keeps the 0.2 MB that is used.
    files: ['**/*.{ts,vue}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Import zod as a namespace: import * as z from 'zod'.",
        },
      ],
    },
  },
  // The layers (docs/architecture.md): only shell/ touches Electron; nothing below the API imports
  // api/; the body model imports nothing of the service; the renderer reaches the service only
  // over HTTP through its generated client.
  ...layerRules([
    {
      files: ['src/main/**/*.ts', 'src/cli/**/*.ts'],
      ignores: ['src/main/shell/*.ts', 'src/main/shell/!(policy)/**', 'src/main/index.ts'],
      patterns: [electronOnlyInShell],
    },
    {
      files: ['src/main/{avatars,body,db,images,inference,jobs,privacy,scans,sizes,storage,threads}/**/*.ts'],
      patterns: [
        electronOnlyInShell,
        { group: ['**/api/**'], message: 'Layers below the API do not import api/; move the shared type down.' },
      ],
    },
    {
      files: ['src/main/{avatars,jobs}/**/*.ts'],
      patterns: [
        electronOnlyInShell,
        { group: ['**/api/**'], message: 'Layers below the API do not import api/; move the shared type down.' },
        {
          group: ['**/storage/**', '**/privacy/**', '**/stores.js'],
          message: 'avatars/ and jobs/ sit below sync and privacy: collaborators are handed in by src/main/stores.ts.',
        },
        {
          group: ['**/inference/**'],
          message: 'avatars/ and jobs/ sit below inference/: what both read (capture issue codes, …) lives in scans/.',
        },
      ],
    },
    {
      files: ['src/main/body/**/*.ts'],
      patterns: [
        electronOnlyInShell,
        {
          group: ['api', 'avatars', 'jobs', 'scans', 'storage', 'sizes', 'inference', 'db']
            .map((layer) => `**/${layer}/**`)
            .concat('../*.js'),
          message: 'body/ is the body model only: it imports nothing of the service.',
        },
      ],
    },
    {
      files: ['src/renderer/**/*.{ts,vue}'],
      patterns: [
        {
          group: ['node:*', '**/main/**'],
          message: 'The renderer talks to the service over HTTP (its generated client) and the preload bridge only.',
        },
        { ...electronOnlyInShell, message: 'The renderer never imports Electron.' },
      ],
    },
  ]),
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  // Layout is prettier's (`.prettierrc.json`, checked by `npm run lint`): ESLint's own layout rules are off.
  eslintConfigPrettier,
  // Prettier wraps code at 140 but leaves long strings and comments alone; no source line goes past it.
  {
    files: ['src/**/*.ts', 'src/**/*.vue', 'bin/**/*.mjs'],
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true }] },
  },
);
