// @ts-check
// ESLint flat config: JS + typescript-eslint recommended everywhere; the lit, lit-a11y and wc
// plugins on element code and stories; a few hard bans that keep the elements safe under a
// strict CSP (no eval-like code, no unsafeHTML/unsafeSVG, no javascript: URLs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import wc from 'eslint-plugin-wc';

const nodeGlobals = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'queueMicrotask',
    'structuredClone',
    'performance',
    'fetch',
    'AbortController',
    'TextEncoder',
    'TextDecoder',
    'globalThis',
  ].map((g) => [g, 'readonly']),
);
// functions the e2e driver sends into the page (page.evaluate, addInitScript) run in the browser
const pageGlobals = Object.fromEntries(
  ['window', 'document', 'customElements', 'getComputedStyle', 'requestAnimationFrame', 'Element', 'ShadowRoot', 'Document'].map((g) => [
    g,
    'readonly',
  ]),
);

const unsafeDirective = 'unsafeHTML/unsafeSVG bypass escaping and Trusted Types; render with templates (html``) instead.';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'storybook-static/**',
      'coverage/**',
      '**/node_modules/**',
      'custom-elements.json',
      'server/dist/**',
      'server/build/**',
      'server/coverage/**',
      '.lc-data/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-script-url': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'lit/directives/unsafe-html.js', message: unsafeDirective },
            { name: 'lit/directives/unsafe-svg.js', message: unsafeDirective },
            { name: 'lit-html/directives/unsafe-html.js', message: unsafeDirective },
            { name: 'lit-html/directives/unsafe-svg.js', message: unsafeDirective },
          ],
          patterns: [{ group: ['**/directives/unsafe-html*', '**/directives/unsafe-svg*'], message: unsafeDirective }],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  // tests: chai assertions are property reads (expect(x).to.be.true); tests feed javascript: URLs
  // to check they are refused; fakes sometimes need a cast through any
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', 'no-script-url': 'off', '@typescript-eslint/no-explicit-any': 'warn' },
  },
  // element code and stories: Lit templates, accessibility in templates, custom-element rules
  {
    files: ['src/**/*.ts', 'stories/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/**/*.ts', 'stories/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  // Node scripts and configs
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['tests/e2e/**/*.mjs'],
    languageOptions: { globals: { ...nodeGlobals, ...pageGlobals } },
  },
);
