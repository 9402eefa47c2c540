// @ts-check
// Entry discovery shared by rollup.config.mjs, scripts/size.mjs and scripts/start.mjs.
// Everything is found on disk, so a new element folder (src/elements/<name>/define.ts) or a
// new adapter (src/adapters/<name>.ts) needs no configuration change.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

/** Names of element folders that have a `define.ts`, sorted (`provider`, `kudos-wall`, …). */
export function elementNames() {
  const dir = join(src, 'elements');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'define.ts')))
    .map((d) => d.name)
    .sort();
}

/** Adapter modules (`memory`, `local`, `rest`, …), excluding tests and declaration files. */
export function adapterNames() {
  const dir = join(src, 'adapters');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('.test.'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/**
 * Rollup `input` for the library build: `{ 'elements/provider/define': 'src/elements/provider/define.ts', … }`.
 * Only files that exist are listed, so the build works while parts of the tree are still missing.
 * @returns {Record<string, string>}
 */
export function libraryInputs() {
  /** @type {Record<string, string>} */
  const input = {};
  const add = (/** @type {string} */ name) => {
    const file = join('src', `${name}.ts`);
    if (existsSync(join(root, file))) input[name] = file;
  };
  add('index');
  add('all');
  add('autoload');
  for (const a of adapterNames()) add(`adapters/${a}`);
  add('testing/index');
  for (const e of elementNames()) add(`elements/${e}/define`);
  return input;
}

/** lit, lit/*, @lit/*, @lit-labs/* stay bare imports in dist/ (they are dependencies; bundlers de-duplicate them). */
export const isLitPeer = (/** @type {string} */ id) => /^(lit$|lit\/|@lit\/|@lit-labs\/)/.test(id);
