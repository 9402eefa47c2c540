#!/usr/bin/env node
// npm test: the whole test story in one command, on a fresh Debian machine too.
//   1. find a browser (CHROME_PATH, Debian/Ubuntu paths; as root with apt-get: install chromium) and,
//      for the SCORM manifest checks, xmllint (as root with apt-get: install libxml2-utils)
//   2. unit + component tests: web-test-runner (tests/**/*.test.ts, not tests/e2e); its config starts
//      the reference server for the REST adapter's tests on first use (tests/adapters/rest-server-plugin.mjs)
//   3. npm run build
//   4. end-to-end: tests/e2e/run.mjs against the built CDN files under a strict CSP, then node's test
//      runner on tests/build (build tooling) and tests/lms (the SCORM packager, xmllint, LMS end-to-end)
//   5. server tests: server/tests/run.mjs (node's test runner; PGlite, and PostgreSQL when DATABASE_URL reaches one)
//   6. end-to-end over the REST adapter: tests/e2e/rest-live.mjs (two browser windows, one reference server)
// Each suite prints "<name>: N passed, N failed"; the last line here is the total:
//   test: N passed, N failed
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { root } from './lib/entries.mjs';

process.chdir(root);

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const isExecutable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

function findBrowser() {
  if (process.env.CHROME_PATH) {
    if (isExecutable(process.env.CHROME_PATH)) return process.env.CHROME_PATH;
    console.log(`test: CHROME_PATH=${process.env.CHROME_PATH} is not an executable file; looking elsewhere`);
  }
  return CANDIDATES.find(isExecutable);
}

function osRelease() {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]),
    );
  } catch {
    return {};
  }
}

/** As root on Debian/Ubuntu: `apt-get install -y PKG` (after an update). True when it worked. */
function aptInstall(pkg) {
  const os = osRelease();
  const debianLike = /\b(debian|ubuntu)\b/.test(`${os.ID ?? ''} ${os.ID_LIKE ?? ''}`);
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!(debianLike && hasApt && isRoot)) return false;
  console.log(`test: installing ${pkg} with: apt-get update && apt-get install -y ${pkg}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', pkg]]) {
    console.log(`test: $ apt-get ${args.join(' ')}`);
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) {
      console.log(`test: apt-get ${args.join(' ')} failed (exit ${r.status})`);
      return false;
    }
  }
  return true;
}

function ensureBrowser() {
  let found = findBrowser();
  if (found) return found;
  console.log('test: no Chromium found');
  if (aptInstall('chromium')) {
    found = findBrowser();
    if (found) return found;
  }
  console.log(
    [
      'test: no Chromium/Chrome found. The tests need a local Chromium; nothing is downloaded from npm.',
      '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
      '  Fedora:         sudo dnf install -y chromium',
      '  macOS:          brew install --cask chromium   (then CHROME_PATH=/Applications/Chromium.app/Contents/MacOS/Chromium)',
      '  or point CHROME_PATH at any Chrome/Chromium binary:  CHROME_PATH=/path/to/chrome npm test',
    ].join('\n'),
  );
  return undefined;
}

const hasXmllint = () => spawnSync('sh', ['-c', 'command -v xmllint'], { stdio: 'ignore' }).status === 0;

/** xmllint validates the SCORM packager's manifests against the ADL/IMS schemas (tests/lms). */
function ensureXmllint() {
  if (hasXmllint() || (aptInstall('libxml2-utils') && hasXmllint())) return true;
  console.log(
    [
      'test: xmllint not found; the SCORM manifest checks in tests/lms will fail until it is installed.',
      '  Debian/Ubuntu:  sudo apt-get install -y libxml2-utils',
      '  Fedora:         sudo dnf install -y libxml2',
      '  macOS:          xmllint ships with the system',
    ].join('\n'),
  );
  return false;
}

/** Runs a command, echoing its output and keeping it for the summary parse. */
function run(cmd, args, opts = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('error', (e) => resolvePromise({ code: 127, out: out + String(e) }));
    child.on('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 128 : 1), out }));
  });
}

// strip ANSI colours before parsing
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
const plain = (s) => s.replace(ANSI, '');

/** The last "passed/failed" summary a suite printed, in any of the formats our suites use. */
function parseSummary(text, name) {
  const t = plain(text);
  const own = [...t.matchAll(new RegExp(`^${name}: (\\d+) passed, (\\d+) failed`, 'gm'))].pop();
  if (own) return { passed: +own[1], failed: +own[2] };
  const generic = [...t.matchAll(/^\S+: (\d+) passed, (\d+) failed/gm)].pop();
  if (generic) return { passed: +generic[1], failed: +generic[2] };
  const nodePass = [...t.matchAll(/^(?:#|ℹ) pass (\d+)/gm)].pop(); // node --test
  const nodeFail = [...t.matchAll(/^(?:#|ℹ) fail (\d+)/gm)].pop();
  if (nodePass) return { passed: +nodePass[1], failed: nodeFail ? +nodeFail[1] : 0 };
  const mochaPass = [...t.matchAll(/^\s*(\d+) passing/gm)].pop(); // mocha
  const mochaFail = [...t.matchAll(/^\s*(\d+) failing/gm)].pop();
  if (mochaPass) return { passed: +mochaPass[1], failed: mochaFail ? +mochaFail[1] : 0 };
  return undefined;
}

const results = [];
const t0 = performance.now();
const secs = (t) => ((performance.now() - t) / 1000).toFixed(1) + ' s';

/** Runs one suite and records its counts; a crash (non-zero exit without failures, or no summary) counts as one failure. */
async function suite(name, cmd, args, opts) {
  console.log(`\n── ${name} ── ${[cmd, ...args].join(' ')}`);
  const t = performance.now();
  const { code, out } = await run(cmd, args, opts);
  let s = opts?.summary === false ? { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 } : parseSummary(out, name);
  let note = '';
  if (!s) {
    s = { passed: 0, failed: 1 };
    note = ` (crashed: exit ${code}, no summary line)`;
  } else if (code !== 0 && s.failed === 0) {
    s = { ...s, failed: 1 };
    note = ` (exit ${code} with no failed test: counted as 1 failure)`;
  }
  results.push({ name, ...s, code, note, time: secs(t) });
  return code === 0;
}

function hasUnitTests(dir = join(root, 'tests')) {
  if (!existsSync(dir)) return false;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (dir === join(root, 'tests') && e.name === 'e2e') continue;
      if (hasUnitTests(join(dir, e.name))) return true;
    } else if (e.name.endsWith('.test.ts')) return true;
  }
  return false;
}

// 1. browser
const browser = ensureBrowser();
if (!browser) {
  console.log('test: 0 passed, 1 failed');
  process.exit(1);
}
process.env.CHROME_PATH = browser;
console.log(`test: browser ${browser}`);
if (existsSync(join(root, 'tests/lms'))) ensureXmllint();

// 2. unit + component tests
if (hasUnitTests()) await suite('wtr', process.execPath, [join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--static-logging']);
else console.log('\n── wtr ── no tests/**/*.test.ts yet: skipped');

// 3. build (the e2e suite runs against dist/)
const built = await suite('build', 'npm', ['run', '--silent', 'build'], { summary: false });

// 4. end-to-end
if (built) await suite('e2e', process.execPath, [join(root, 'tests/e2e/run.mjs')]);
else {
  console.log('\n── e2e ── skipped: the build failed');
  results.push({ name: 'e2e', passed: 0, failed: 1, code: -1, note: ' (not run: build failed)', time: '0.0 s' });
}

// 4b. node tests of the build tooling and the SCORM packager (which packages dist/cdn), named file by file
const nodeTests = ['tests/build', 'tests/lms'].flatMap((d) =>
  existsSync(join(root, d))
    ? readdirSync(join(root, d))
        .filter((f) => f.endsWith('.test.mjs'))
        .map((f) => join(root, d, f))
    : [],
);
if (nodeTests.length) await suite('node', process.execPath, ['--test', '--test-reporter=tap', ...nodeTests]);

// 4c. the SCORM package in a real LMS run-time (scorm-again in a parent frame), both SCORM versions
if (built && existsSync(join(root, 'tests/lms/e2e.mjs'))) await suite('lms-e2e', process.execPath, [join(root, 'tests/lms/e2e.mjs')]);
// 4d. npm start's LMS demo page (/lms/) with the course it packages
if (built && existsSync(join(root, 'tests/lms/demo-e2e.mjs')))
  await suite('lms-demo', process.execPath, [join(root, 'tests/lms/demo-e2e.mjs')]);

// 5. reference server
if (existsSync(join(root, 'server/tests/run.mjs'))) await suite('server', process.execPath, [join(root, 'server/tests/run.mjs')]);

// 6. live data between two browser windows through the reference server
if (existsSync(join(root, 'tests/e2e/rest-live.mjs'))) await suite('e2e-rest', process.execPath, [join(root, 'tests/e2e/rest-live.mjs')]);

// the build is a step, not a suite: it only counts when it fails
const counted = results.filter((r) => r.name !== 'build' || r.failed);
const passed = counted.reduce((n, r) => n + r.passed, 0);
const failed = counted.reduce((n, r) => n + r.failed, 0);
console.log(`\n── summary (${secs(t0)}) ──`);
for (const r of results)
  console.log(
    `  ${r.name.padEnd(8)} ${r.name === 'build' ? (r.failed ? 'FAILED' : 'ok') : `${r.passed} passed, ${r.failed} failed`}${r.note}  [${r.time}]`,
  );
console.log(`test: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
