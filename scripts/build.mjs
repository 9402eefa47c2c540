#!/usr/bin/env node
// npm run build: dist/ (ESM per module, Lit external) + dist/cdn/ (lc-elements.js, lc-elements-lms.js, auto/) (rollup),
// .d.ts files (tsc -p tsconfig.build.json) and custom-elements.json (npm run analyze).
// rollup runs in this process; tsc and the analyzer run beside it as child processes.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { rollup } from 'rollup';
import { root } from './lib/entries.mjs';

process.chdir(root);
const t0 = performance.now();
const secs = (t) => ((performance.now() - t) / 1000).toFixed(1) + ' s';

const children = new Set();

/** Runs a command, buffering its output (printed on failure or when it says something). */
function run(label, cmd, args) {
  const t = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      if (code === 0) {
        console.log(`build: ${label} (${secs(t)})`);
        resolvePromise();
      } else {
        process.stderr.write(out);
        reject(new Error(`${label} exited with ${code}`));
      }
    });
  });
}

async function bundle() {
  const t = performance.now();
  const { default: configs } = await import(join(root, 'rollup.config.mjs'));
  for (const config of configs) {
    const { output, ...input } = config;
    const b = await rollup(input);
    try {
      for (const o of [output].flat()) await b.write(o);
    } finally {
      await b.close();
    }
  }
  console.log(`build: rollup → dist/, dist/cdn/{lc-elements.js,lc-elements-lms.js,auto/} (${secs(t)})`);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
try {
  await Promise.all([
    bundle(),
    run('tsc -p tsconfig.build.json → dist/**/*.d.ts', process.execPath, [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
    ]),
    run('cem analyze → custom-elements.json', 'npm', ['run', '--silent', 'analyze']),
  ]);
  console.log(`build: done in ${secs(t0)}`);
} catch (e) {
  console.error(`build: FAILED: ${e instanceof Error ? e.message : e}`);
  if (e && typeof e === 'object' && 'frame' in e) console.error(e.frame);
  for (const child of children) child.kill();
  process.exit(1);
}
