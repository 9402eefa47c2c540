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

// ignoreSideEffectsForRoot: package.json `sideEffects` describes dist/ for consumers; applied to our
// own src/ it would let rollup drop `import './elements/x/define.js'` from all.ts.
export const resolve = () => nodeResolve({ ignoreSideEffectsForRoot: true });
export const ts = () => esbuild({ tsconfig: './tsconfig.json', target: 'es2021', sourceMap: true });
export const min = () => terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } });

/** @param {import('rollup').RollupLog} log @param {(log: import('rollup').RollupLog) => void} warn */
const onwarn = (log, warn) => {
  // Lit's own `this` at module top level in some helpers: harmless, noisy.
  if (log.code === 'THIS_IS_UNDEFINED') return;
  warn(log);
};

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    input: libraryInputs(),
    external: isLitPeer,
    plugins: [resolve(), ts()],
    onwarn,
    output: { dir: 'dist', format: 'es', sourcemap: true, preserveModules: true, preserveModulesRoot: 'src' },
  },
  {
    input: 'src/all.ts',
    plugins: [resolve(), ts(), min()],
    onwarn,
    output: { file: 'dist/cdn/lc-elements.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
  },
];
