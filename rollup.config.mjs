// @ts-check
// Two outputs (see /work/shared/TOOLCHAIN.md and DESIGN.md "Builds"):
//   dist/            ESM, one module per source file (preserveModules), Lit kept external
//   dist/cdn/        lc-elements.js: one minified, self-contained file for a <script type="module">
// TS → JS with esbuild (honours experimentalDecorators from tsconfig.json, inlines the small
// __decorate helper, no tslib). Declarations come from `tsc -p tsconfig.build.json` (scripts/build.mjs).
import esbuild from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { isLitPeer, libraryInputs } from './scripts/lib/entries.mjs';
import { minifyTemplatesPlugin } from './scripts/lib/minify-templates.mjs';

// ignoreSideEffectsForRoot: package.json `sideEffects` describes dist/ for consumers; applied to our
// own src/ it would let rollup drop `import './elements/x/define.js'` from all.ts.
export const resolve = () => nodeResolve({ ignoreSideEffectsForRoot: true });
export const ts = () => esbuild({ tsconfig: './tsconfig.json', target: 'es2021', sourceMap: true });
// Minified builds: Lit templates' static text first (terser leaves template literals as written), then terser.
export const min = () => [
  minifyTemplatesPlugin(),
  terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
];

/** @param {import('rollup').RollupLog} log @param {(log: import('rollup').RollupLog) => void} warn */
const onwarn = (log, warn) => {
  // Lit's own `this` at module top level in some helpers: harmless, noisy.
  if (log.code === 'THIS_IS_UNDEFINED') return;
  warn(log);
};

/**
 * One minified, self-contained file (Lit inlined) for a `<script type="module">`.
 * @param {string} input @param {string} file @returns {import('rollup').RollupOptions}
 */
const cdnFile = (input, file) => ({
  input,
  plugins: [resolve(), ts(), min()],
  onwarn,
  output: { file, format: 'es', sourcemap: true, inlineDynamicImports: true },
});

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    input: libraryInputs(),
    external: isLitPeer,
    plugins: [resolve(), ts()],
    onwarn,
    output: { dir: 'dist', format: 'es', sourcemap: true, preserveModules: true, preserveModulesRoot: 'src' },
  },
  cdnFile('src/all.ts', 'dist/cdn/lc-elements.js'),
  // For LMS course pages and SCORM packages: the same, plus the SCORM adapter and xAPI reporting.
  cdnFile('src/lms.ts', 'dist/cdn/lc-elements-lms.js'),
  {
    // The autoloader: the same one script tag, but each element's code is fetched only when its tag
    // is on the page. Chunks are named after their element (reflection-prompt-<hash>.js).
    input: { 'lc-elements': 'src/autoload.ts' },
    plugins: [resolve(), ts(), min()],
    onwarn,
    output: {
      dir: 'dist/cdn/auto',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: (chunk) => {
        const m = /[\\/]elements[\\/]([^\\/]+)[\\/]define\.ts$/.exec(chunk.facadeModuleId ?? '');
        return `${m ? m[1] : 'shared'}-[hash].js`;
      },
    },
  },
];
