#!/usr/bin/env node
// @ts-check
// lc-elements command line. One subcommand so far:
//   npx lc-elements package --title "Week 3 reflection" --element 'lc-reflection-prompt prompt-id=week-3 preset=gibbs'
// writes a SCORM 1.2 or 2004 (4th edition) package for an LMS. Plain Node (>= 20), no dependencies.
// Exit codes: 0 done, 1 something failed while writing, 2 bad input (the message says what to change).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPackage, packageRoot, UsageError } from './lib/package.mjs';
import { createZip } from './lib/zip.mjs';

const VERSION = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;

const MAIN_HELP = `lc-elements ${VERSION}

Usage: lc-elements <command> [options]

Commands:
  package    Write a SCORM 1.2 or 2004 package (zip) with lc elements for an LMS
  help       Show help for a command: lc-elements help package

Options:
  -h, --help     Show this help
  -v, --version  Show the version
`;

const PACKAGE_HELP = `Usage: lc-elements package --title <text> (--element <spec>... | --body <file.html>) [options]

Writes a SCORM content package: imsmanifest.xml (validates against the ADL/IMS schemas),
index.html with your elements inside <lc-provider adapter="scorm">, the lc-elements.js bundle,
a small stylesheet and the schema files. Upload the zip to Moodle, Canvas or any SCORM LMS.

Content (one of):
  --element <spec>       An element and its attributes, repeatable, in order:
                           --element 'lc-reflection-prompt prompt-id=week-3 preset=gibbs'
                           --element 'lc-reflection-prompt prompt-id=w4 prompt="What surprised you?" required'
                         Values may be quoted; a bare name is a boolean attribute. The tag and the
                         attribute names are checked against the elements' catalogue.
  --body <file.html>     An HTML fragment placed inside the provider (text, headings, lc elements,
                         images). No <script>, no on…= handlers, no javascript: URLs, no inline
                         styles: the page must work under a strict Content-Security-Policy.

Package:
  --title <text>         Course title, shown by the LMS and as the page heading (required)
  --scorm <1.2|2004>     SCORM version (default 2004, meaning 2004 4th Edition)
  --identifier <id>      Manifest identifier (default: made from the title). Keep it stable across
                         versions of the same course so the LMS can update it.
  --out <file.zip>       Where to write the zip (default: <identifier>.zip)
  --dir <folder>         Also (or, without --out, only) write the unpacked package to a folder
  --lang <tag>           Page language (default en); right-to-left languages get dir="rtl"
  --heading <text>       Page heading (default: the title)
  --no-heading           No page heading (the LMS already shows the title)
  --css <file.css>       An extra stylesheet, copied as course.css and linked after styles.css
  --asset <file>         A file the body refers to (an image, say), copied beside index.html; repeatable
  --bundle <file.js>     The lc-elements bundle to ship (default: this package's dist/cdn/lc-elements-lms.js)
  --no-schemas           Leave the ADL/IMS .xsd files out of the zip (smaller; some LMSs want them)

Provider:
  --complete-on <when>   When the LMS hears "completed": submit (the learner submits a
                         reflection; default), goal (a goal is reached) or none
  --community <name>     Community the data belongs to (default: the identifier)
  --endpoint <url>       A shared REST endpoint to combine with the LMS storage (optional)
  --xapi-endpoint <url>  Also report to this Learning Record Store as xAPI statements (optional)
  --xapi-auth <value>    Its Authorization value ("Basic …" or "Bearer …"); learners can read it,
                         so use a credential that may only write statements
  --theme <auto|light|dark>

  -h, --help             Show this help

Examples:
  npx lc-elements package --title "Week 3: reflect" \\
      --element 'lc-reflection-prompt prompt-id=week-3 preset=gibbs' --out week-3.zip
  npx lc-elements package --scorm 1.2 --title "Induction" --body induction.html --asset diagram.png
`;

/** @param {number} n */
const size = (n) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(2)} MB`);

/** The date stamped on zip entries: SOURCE_DATE_EPOCH for reproducible builds, else now. */
function zipDate() {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}

/** @param {string[]} argv */
function runPackage(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        scorm: { type: 'string' },
        title: { type: 'string' },
        identifier: { type: 'string' },
        out: { type: 'string', short: 'o' },
        dir: { type: 'string' },
        lang: { type: 'string' },
        heading: { type: 'string' },
        'no-heading': { type: 'boolean' },
        css: { type: 'string' },
        asset: { type: 'string', multiple: true },
        bundle: { type: 'string' },
        'no-schemas': { type: 'boolean' },
        'complete-on': { type: 'string' },
        community: { type: 'string' },
        endpoint: { type: 'string' },
        'xapi-endpoint': { type: 'string' },
        'xapi-auth': { type: 'string' },
        theme: { type: 'string' },
        element: { type: 'string', multiple: true, short: 'e' },
        body: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(
      `${/** @type {Error} */ (e).message.replace(/\. To specify a positional.*$/s, '')}\nSee: lc-elements package --help`,
    );
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(PACKAGE_HELP);
    return;
  }
  if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}" (options start with --)`);
  if (v.heading !== undefined && v['no-heading']) throw new UsageError('give --heading or --no-heading, not both');

  const result = buildPackage({
    scorm: v.scorm,
    title: v.title,
    identifier: v.identifier,
    lang: v.lang,
    heading: v.heading,
    noHeading: v['no-heading'],
    css: v.css,
    assets: v.asset,
    bundle: v.bundle,
    noSchemas: v['no-schemas'],
    completeOn: v['complete-on'],
    community: v.community,
    endpoint: v.endpoint,
    xapiEndpoint: v['xapi-endpoint'],
    xapiAuth: v['xapi-auth'],
    theme: v.theme,
    elements: v.element,
    body: v.body,
  });
  for (const w of result.warnings) process.stderr.write(`lc-elements: warning: ${w}\n`);

  const out = v.out ?? (v.dir === undefined ? `${result.identifier}.zip` : undefined);
  const shown = (/** @type {string} */ p) => relative(process.cwd(), p) || '.';
  const edition = result.scorm === '1.2' ? 'SCORM 1.2' : 'SCORM 2004 4th Edition';

  if (v.dir !== undefined) {
    const dir = resolve(v.dir);
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new UsageError(`--dir ${v.dir} exists and is not a folder`);
      const entries = readdirSync(dir);
      if (entries.length && !entries.includes('imsmanifest.xml'))
        throw new UsageError(`--dir ${v.dir} is not empty and holds no earlier package; choose an empty or new folder`);
      for (const e of entries) rmSync(join(dir, e), { recursive: true, force: true }); // an earlier package: replace it
    }
    mkdirSync(dir, { recursive: true });
    for (const f of result.files) writeFileSync(join(dir, f.name), f.data);
    console.log(`lc-elements: wrote ${edition} package folder ${shown(dir)}/`);
    for (const f of result.files) console.log(`  ${f.name.padEnd(28)} ${size(f.data.length).padStart(9)}`);
  }
  if (out !== undefined) {
    const file = resolve(out);
    if (existsSync(file) && statSync(file).isDirectory())
      throw new UsageError(`--out ${out} is a folder; give a file name such as course.zip`);
    if (!/\.zip$/i.test(file)) process.stderr.write(`lc-elements: warning: ${out} does not end in .zip; LMSs expect a .zip upload\n`);
    const zip = createZip(result.files, { date: zipDate() });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, zip);
    console.log(`lc-elements: wrote ${edition} package ${shown(file)} (${size(zip.length)}, ${result.files.length} files)`);
    if (v.dir === undefined) for (const f of result.files) console.log(`  ${f.name.padEnd(28)} ${size(f.data.length).padStart(9)}`);
  }
}

/** @param {string[]} argv */
function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(MAIN_HELP);
    return 2;
  }
  if (command === '-h' || command === '--help') {
    process.stdout.write(MAIN_HELP);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    console.log(VERSION);
    return 0;
  }
  if (command === 'help') {
    if (rest[0] === 'package') process.stdout.write(PACKAGE_HELP);
    else if (rest[0] === undefined) process.stdout.write(MAIN_HELP);
    else throw new UsageError(`no command "${rest[0]}"; commands: package`);
    return 0;
  }
  if (command === 'package') {
    runPackage(rest);
    return 0;
  }
  throw new UsageError(`unknown command "${command}"; commands: package (see lc-elements --help)`);
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`lc-elements: ${e.message.split('\n').join('\nlc-elements: ')}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`lc-elements: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
