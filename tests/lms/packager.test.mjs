// @ts-check
// The SCORM packager (`npx lc-elements package`): arguments and errors, escaping, the manifests against
// the ADL/IMS schemas with xmllint, the zip round trip, and the page it writes.
//   node --test tests/lms/        (after npm run build: the catalogue and the CDN bundle come from it)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import {
  buildPackage,
  checkBody,
  classicBundle,
  escapeHtml,
  escapeXml,
  identifierFromTitle,
  loadCatalogue,
  parseElementSpec,
} from '../../bin/lib/package.mjs';
import { crc32, createZip, dosDateTime } from '../../bin/lib/zip.mjs';
import { detectVersion, INSTALL_HINT, SCHEMAS, validateManifest, xmllintAvailable } from './validate-manifest.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(root, 'bin/lc-elements.mjs');
const NASTY = `Week 3: <b>"quotes"</b> & 'apostrophes' — café`;

/** @type {string} */ let tmp;
/** @type {string} */ let fakeBundle;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'lc-packager-'));
  // a stand-in bundle, so most tests do not depend on the real one (one test below checks that)
  fakeBundle = join(tmp, 'bundle.js');
  writeFileSync(fakeBundle, 'registerAdapter("scorm", () => ({})); // stand-in for dist/cdn/lc-elements-lms.js\n');
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI. @param {string[]} args */
function cli(args, { cwd = tmp } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** @param {string} name */
const fresh = (name) => join(tmp, `${name}-${Math.random().toString(36).slice(2, 8)}`);

/** Every file under a folder (flat), as name → bytes. @param {string} dir */
const readDir = (dir) => Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));

/** Python's zipfile as an independent reader: names, CRC check, methods and a hash per entry. @param {string} zip */
function pythonZip(zip) {
  const script = [
    'import hashlib, json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'bad = z.testzip()',
    'out = {"bad": bad, "entries": [{"name": i.filename, "method": i.compress_type, "flag": i.flag_bits, "size": i.file_size,',
    '  "date": list(i.date_time), "sha": hashlib.sha256(z.read(i.filename)).hexdigest()} for i in z.infolist()]}',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, zip], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`python3 zipfile could not read ${zip}: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout);
}
const sha = (/** @type {Uint8Array} */ b) => createHash('sha256').update(b).digest('hex');

// ── arguments and errors ──────────────────────────────────────────────────────────────────────

describe('lc-elements CLI', () => {
  test('--help lists every option and exits 0', () => {
    const r = cli(['package', '--help']);
    assert.equal(r.code, 0);
    for (const opt of [
      '--element',
      '--body',
      '--title',
      '--scorm',
      '--identifier',
      '--out',
      '--dir',
      '--lang',
      '--heading',
      '--no-heading',
      '--css',
      '--asset',
      '--bundle',
      '--no-schemas',
      '--complete-on',
      '--community',
      '--endpoint',
      '--theme',
    ])
      assert.ok(r.stdout.includes(opt), `help mentions ${opt}`);
    assert.equal(cli(['--help']).code, 0);
    assert.match(cli(['help', 'package']).stdout, /--complete-on/);
    assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+/);
  });

  test('no command prints usage and exits 2; an unknown command or option exits 2 with a message', () => {
    const none = cli([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Usage: lc-elements/);
    const unknown = cli(['pakage']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "pakage"/);
    const opt = cli(['package', '--titel', 'x']);
    assert.equal(opt.code, 2);
    assert.match(opt.stderr, /--titel/);
    const stray = cli(['package', '--title', 'x', 'extra', '--element', 'lc-reflection-prompt', '--bundle', fakeBundle]);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /unexpected argument "extra"/);
  });

  /** @type {[string, string[], RegExp][]} */
  const bad = [
    ['missing title', ['--element', 'lc-reflection-prompt'], /--title is required/],
    ['no content', ['--title', 'T'], /nothing to package/],
    [
      'both --element and --body',
      ['--title', 'T', '--element', 'lc-reflection-prompt', '--body', 'x.html'],
      /either --element .* or --body/,
    ],
    ['bad --scorm', ['--title', 'T', '--scorm', '2005', '--element', 'lc-reflection-prompt'], /--scorm must be 1\.2 or 2004/],
    [
      'bad --complete-on',
      ['--title', 'T', '--complete-on', 'view', '--element', 'lc-reflection-prompt'],
      /--complete-on must be submit, goal or none/,
    ],
    ['bad --identifier', ['--title', 'T', '--identifier', '3 weeks', '--element', 'lc-reflection-prompt'], /not a valid SCORM identifier/],
    ['bad --lang', ['--title', 'T', '--lang', 'english!', '--element', 'lc-reflection-prompt'], /--lang "english!"/],
    ['bad --theme', ['--title', 'T', '--theme', 'pink', '--element', 'lc-reflection-prompt'], /--theme must be auto, light or dark/],
    ['bad --endpoint', ['--title', 'T', '--endpoint', 'ftp://example.org/', '--element', 'lc-reflection-prompt'], /not an http\(s\) URL/],
    [
      'bad --xapi-endpoint',
      ['--title', 'T', '--xapi-endpoint', 'lrs.example.org', '--element', 'lc-reflection-prompt'],
      /--xapi-endpoint "lrs.example.org" is not an http\(s\) URL/,
    ],
    [
      'credentials in the --xapi-endpoint URL',
      ['--title', 'T', '--xapi-endpoint', 'https://key:secret@lrs.example.org/xapi/', '--element', 'lc-reflection-prompt'],
      /must not carry a user name or password: use --xapi-auth/,
    ],
    [
      '--xapi-auth alone',
      ['--title', 'T', '--xapi-auth', 'Basic a2V5OnNlY3JldA==', '--element', 'lc-reflection-prompt'],
      /--xapi-auth needs --xapi-endpoint/,
    ],
    [
      'a bare secret as --xapi-auth',
      [
        '--title',
        'T',
        '--xapi-endpoint',
        'https://lrs.example.org/xapi/',
        '--xapi-auth',
        'key:secret',
        '--element',
        'lc-reflection-prompt',
      ],
      /whole Authorization value/,
    ],
    [
      'unknown tag',
      ['--title', 'T', '--element', 'lc-reflection-promt prompt-id=a'],
      /not an lc element \(did you mean "lc-reflection-prompt"\?\)/,
    ],
    [
      'unknown attribute',
      ['--title', 'T', '--element', 'lc-reflection-prompt promt-id=a'],
      /has no attribute "promt-id" \(did you mean "prompt-id"\?\)/,
    ],
    ['event handler attribute', ['--title', 'T', '--element', 'lc-reflection-prompt onclick=alert(1)'], /event handler/],
    ['style attribute', ['--title', 'T', '--element', 'lc-reflection-prompt style=color:red'], /strict CSP/],
    ['the provider as an element', ['--title', 'T', '--element', 'lc-provider adapter=local'], /writes its own <lc-provider/],
    ['a child element on its own', ['--title', 'T', '--element', 'lc-prompt'], /goes inside <lc-reflection-prompt>/],
    ['unclosed quote', ['--title', 'T', '--element', 'lc-reflection-prompt prompt="open'], /unclosed double quote/],
    ['duplicate attribute', ['--title', 'T', '--element', 'lc-reflection-prompt prompt=a prompt=b'], /given twice/],
    ['angle brackets', ['--title', 'T', '--element', '<lc-reflection-prompt>'], /without angle brackets/],
    ['missing body file', ['--title', 'T', '--body', 'nope.html'], /--body nope\.html: no such file/],
  ];
  for (const [name, args, message] of bad)
    test(`exit 2 with a clear message: ${name}`, () => {
      const r = cli(['package', ...args, '--bundle', fakeBundle, '--out', join(tmp, 'never.zip')]);
      assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace for bad input');
      assert.equal(existsSync(join(tmp, 'never.zip')), false, 'nothing written');
    });

  test('a missing bundle, or one without the SCORM adapter, is refused with what to do', () => {
    const missing = cli(['package', '--title', 'T', '--element', 'lc-reflection-prompt', '--bundle', join(tmp, 'nope.js')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--bundle .*nope\.js: no such file/);
    const old = join(tmp, 'old-bundle.js');
    writeFileSync(old, 'registerAdapter("rest", () => ({}));\n');
    const noScorm = cli(['package', '--title', 'T', '--element', 'lc-reflection-prompt', '--bundle', old]);
    assert.equal(noScorm.code, 2);
    assert.match(noScorm.stderr, /does not include the SCORM adapter .*npm run build/);
    const autoloader = join(tmp, 'autoloader.js');
    writeFileSync(autoloader, 'const scorm = "scorm"; const load = () => import("./reflection-prompt-abc.js");\n');
    const split = cli(['package', '--title', 'T', '--element', 'lc-reflection-prompt', '--bundle', autoloader]);
    assert.equal(split.code, 2);
    assert.match(split.stderr, /loads other files .*self-contained/);
  });

  test('prints what it wrote, with sizes, and defaults the zip name to the identifier', () => {
    const cwd = fresh('cwd');
    spawnSync('mkdir', ['-p', cwd]);
    const r = cli(['package', '--title', 'Week 3: Reflect!', '--element', 'lc-reflection-prompt prompt-id=w3', '--bundle', fakeBundle], {
      cwd,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(cwd, 'week-3-reflect.zip')));
    assert.match(r.stdout, /wrote SCORM 2004 4th Edition package week-3-reflect\.zip \(\d+(\.\d)? KB, \d+ files\)/);
    assert.match(r.stdout, /imsmanifest\.xml\s+\d/);
    assert.match(r.stdout, /lc-elements\.js\s+\d+ B/);
  });

  test('--dir refuses a folder that holds something else, and replaces an earlier package', () => {
    const dir = fresh('dir');
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'thesis.docx'), 'precious');
    const args = ['package', '--title', 'T', '--element', 'lc-reflection-prompt', '--bundle', fakeBundle, '--dir', dir];
    const refused = cli(args);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not empty/);
    assert.equal(readFileSync(join(dir, 'thesis.docx'), 'utf8'), 'precious');
    rmSync(join(dir, 'thesis.docx'));
    assert.equal(cli(args).code, 0);
    writeFileSync(join(dir, 'stale.txt'), 'from an earlier run');
    assert.equal(cli([...args.slice(0, -2), '--dir', dir, '--no-schemas']).code, 0);
    assert.deepEqual(Object.keys(readDir(dir)).sort(), ['imsmanifest.xml', 'index.html', 'lc-elements.js', 'styles.css']);
  });
});

// ── parsing and escaping ──────────────────────────────────────────────────────────────────────

describe('element specs, body fragments and escaping', () => {
  /** @type {import('../../bin/lib/package.mjs').Catalogue} */ let catalogue;
  before(() => {
    catalogue = loadCatalogue();
  });

  test('the catalogue knows the elements and their attributes from custom-elements.json', () => {
    assert.equal(catalogue.get('lc-reflection-prompt')?.kind, 'element');
    assert.ok(catalogue.get('lc-reflection-prompt')?.attributes.includes('prompt-id'));
    assert.equal(catalogue.get('lc-provider')?.kind, 'provider');
    assert.equal(catalogue.get('lc-prompt')?.kind, 'child');
    assert.equal(catalogue.get('lc-prompt')?.parent, 'lc-reflection-prompt');
    for (const tag of ['lc-kudos-wall', 'lc-credit-tracker', 'lc-meeting-timer']) assert.equal(catalogue.get(tag)?.kind, 'element', tag);
  });

  test('an element spec: quoted values, "=" inside quotes, bare booleans, aria-/data- attributes', () => {
    const el = parseElementSpec(
      `lc-reflection-prompt prompt-id=week-3 prompt="a = b, it's <ok>" heading='Say "hi"' required data-x=1 aria-label=R`,
      catalogue,
    );
    assert.deepEqual(el, {
      tag: 'lc-reflection-prompt',
      attributes: [
        ['prompt-id', 'week-3'],
        ['prompt', "a = b, it's <ok>"],
        ['heading', 'Say "hi"'],
        ['required', null],
        ['data-x', '1'],
        ['aria-label', 'R'],
      ],
    });
    assert.deepEqual(parseElementSpec('lc-reflection-prompt prompt=', catalogue).attributes, [['prompt', '']]);
    assert.deepEqual(parseElementSpec(String.raw`lc-reflection-prompt prompt="say \"hi\" C:\\x" heading='a\b'`, catalogue).attributes, [
      ['prompt', String.raw`say "hi" C:\x`],
      ['heading', String.raw`a\b`],
    ]);
  });

  test('escaping: every special character in XML and HTML', () => {
    assert.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    assert.equal(escapeHtml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    assert.throws(() => buildPackage({ title: 'bell\u0007', elements: ['lc-reflection-prompt'], bundle: fakeBundle }), /control character/);
  });

  test('a title and attribute values with <&"\' end up as text, never markup, in both files', () => {
    const dir = fresh('escape');
    const r = cli([
      'package',
      '--title',
      NASTY,
      '--element',
      `lc-reflection-prompt prompt-id=w3 prompt="Was it <img src=x onerror=alert(1)> & \\"fun\\"?"`,
      '--element',
      `lc-reflection-prompt prompt-id=w4 heading='It"s <b>bold</b>'`,
      '--community',
      `a"b<c>&'d`,
      '--bundle',
      fakeBundle,
      '--dir',
      dir,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    const manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
    const titleHtml = 'Week 3: &lt;b&gt;&quot;quotes&quot;&lt;/b&gt; &amp; &#39;apostrophes&#39; — café';
    assert.ok(index.includes(`<title>${titleHtml}</title>`), 'escaped <title>');
    assert.ok(index.includes(`<h1>${titleHtml}</h1>`), 'escaped heading');
    assert.ok(index.includes('prompt="Was it &lt;img src=x onerror=alert(1)&gt; &amp; &quot;fun&quot;?"'), index);
    assert.ok(index.includes(`heading="It&quot;s &lt;b&gt;bold&lt;/b&gt;"`));
    assert.ok(index.includes(`community="a&quot;b&lt;c&gt;&amp;&#39;d"`));
    assert.doesNotMatch(index, /<img|<b>/);
    const titleXml = 'Week 3: &lt;b&gt;&quot;quotes&quot;&lt;/b&gt; &amp; &apos;apostrophes&apos; — café';
    assert.equal(manifest.split(`<title>${titleXml}</title>`).length, 3, 'organization and item titles escaped');
    assert.match(manifest, /identifier="week-3-b-quotes-b-apostrophes-cafe"/);
  });

  test('identifiers made from titles are valid xs:ID values', () => {
    assert.equal(identifierFromTitle('Week 3: Reflect!'), 'week-3-reflect');
    assert.equal(identifierFromTitle('Éléments — été'), 'elements-ete');
    assert.equal(identifierFromTitle('2024 intake'), 'course-2024-intake');
    assert.equal(identifierFromTitle('漢字'), 'course');
    for (const t of ['Week 3', '  ', '1', 'x'.repeat(300)]) assert.match(identifierFromTitle(t), /^[A-Za-z_][A-Za-z0-9_.-]*$/);
  });

  test('a body fragment: script, handlers, javascript: URLs, inline styles and unknown lc tags are refused with line numbers', () => {
    /** @type {[string, RegExp][]} */
    const cases = [
      ['<p>hi</p>\n<script>alert(1)</script>', /line 2: <script>: scripts are not allowed/],
      ['<SCRIPT src="x.js"></SCRIPT>', /<script>/],
      ['<svg><script>alert(1)</script></svg>', /<script>/],
      ['<img src=x onerror="alert(1)">', /inline event handler onerror/],
      ['<p\nONCLICK=alert(1)>x</p>', /line 1: inline event handler onclick/],
      ['<a href="javascript:alert(1)">x</a>', /javascript:/],
      ['<a href=" JaVa&#x53;cript&colon;alert(1)">x</a>', /javascript:/],
      ['<a href="java\tscript:alert(1)">x</a>', /javascript:/],
      ['<form action="javascript:void 0"></form>', /javascript:/],
      ['<p style="color:red">x</p>', /inline style/],
      ['<style>p{}</style>', /<style>/],
      ['<iframe src="https://example.org"></iframe>', /frames are not allowed/],
      ['<html><body>x</body></html>', /a fragment for inside <body>/],
      ['<lc-reflection-promt></lc-reflection-promt>', /not an lc element/],
      ['<lc-reflection-prompt promt-id="a"></lc-reflection-prompt>', /has no attribute "promt-id"/],
      ['<lc-provider adapter="local"></lc-provider>', /writes its own <lc-provider/],
      ['<p title="unclosed>x</p>', /could not read the <p> tag/],
    ];
    for (const [html, message] of cases) assert.throws(() => checkBody(html, catalogue, 'body.html'), message, html);
    // several problems are reported together
    assert.throws(
      () => checkBody('<script></script>\n<p onclick="x">', catalogue),
      (e) => /script/.test(String(e)) && /onclick/.test(String(e)),
    );
  });

  test('a clean body passes; its relative references are reported', () => {
    const { references } = checkBody(
      [
        '<h2>Week 3</h2>',
        '<p>Read <a href="https://example.org/a?b=1&amp;c=2">this</a> &amp; look at <img src="diagram.png" alt="A diagram">.</p>',
        '<lc-reflection-prompt prompt-id="w3" mode="steps" required>',
        '  <lc-prompt>What happened?</lc-prompt>',
        '</lc-reflection-prompt>',
        '<a href="#top">top</a> <p data-onboard="yes" title="on=off">x</p>',
      ].join('\n'),
      catalogue,
    );
    assert.deepEqual(references, ['diagram.png']);
  });
});

// ── the package's files ───────────────────────────────────────────────────────────────────────

describe('package contents', () => {
  test('index.html: doctype, lang, viewport, title, the bundle as a classic deferred script, the provider, no inline script or style', () => {
    const dir = fresh('index');
    const r = cli([
      'package',
      '--title',
      'Reflect',
      '--lang',
      'ar',
      '--complete-on',
      'goal',
      '--endpoint',
      'https://lc.example.org/api/',
      '--theme',
      'dark',
      '--element',
      'lc-reflection-prompt prompt-id=week-3 preset=gibbs',
      '--element',
      'lc-kudos-wall wall-id=cohort',
      '--bundle',
      fakeBundle,
      '--dir',
      dir,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(index, /^<!doctype html>\n<html lang="ar" dir="rtl">/);
    assert.match(index, /<meta charset="utf-8" \/>/);
    assert.match(index, /<meta name="viewport" content="width=device-width, initial-scale=1" \/>/);
    assert.match(index, /<title>Reflect<\/title>/);
    // a classic script: a module script is blocked on a page opened from disk (file://), which would stay blank
    assert.match(index, /<script defer src="lc-elements.js"><\/script>/);
    assert.match(index, /<link rel="stylesheet" href="styles.css" \/>/);
    assert.match(
      index,
      /<lc-provider adapter="scorm" lms-complete-on="goal" community="reflect" endpoint="https:\/\/lc\.example\.org\/api\/" theme="dark">\s*<lc-reflection-prompt prompt-id="week-3" preset="gibbs"><\/lc-reflection-prompt>\s*<lc-kudos-wall wall-id="cohort"><\/lc-kudos-wall>\s*<\/lc-provider>/,
    );
    assert.equal([...index.matchAll(/<script/g)].length, 1, 'one script tag, the bundle');
    assert.doesNotMatch(index, /<style|style=|\son[a-z]+=/i);
    assert.ok(readFileSync(join(dir, 'lc-elements.js')).equals(readFileSync(fakeBundle)), 'the bundle is copied byte for byte');
    assert.match(readFileSync(join(dir, 'styles.css'), 'utf8'), /max-width/);
  });

  test('--xapi-endpoint and --xapi-auth: the provider reports to the LRS; the packager warns that learners can read the credential', () => {
    const dir = fresh('xapi');
    const r = cli([
      'package',
      '--title',
      'Reflect',
      '--xapi-endpoint',
      'https://lrs.example.org/xapi/',
      '--xapi-auth',
      'Basic a2V5OnNlY3JldA==',
      '--element',
      'lc-reflection-prompt prompt-id=week-3',
      '--bundle',
      fakeBundle,
      '--dir',
      dir,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(
      index,
      /<lc-provider adapter="scorm" lms-complete-on="submit" community="reflect" xapi-endpoint="https:\/\/lrs\.example\.org\/xapi\/" xapi-auth="Basic a2V5OnNlY3JldA==">/,
    );
    assert.match(r.stderr, /warning: --xapi-auth is written into index.html, where every learner can read it/);
  });

  test('--body, --css, --asset, --no-heading: the fragment goes inside the provider, files are listed in the manifest', () => {
    const body = join(tmp, 'week.html');
    writeFileSync(
      body,
      '\uFEFF<h2>Reading</h2>\n<p><img src="diagram.png" alt="A diagram"></p>\n<lc-reflection-prompt prompt-id="w"></lc-reflection-prompt>\n',
    );
    const css = join(tmp, 'mine.css');
    writeFileSync(css, 'h2 { color: rebeccapurple; }\n');
    const png = join(tmp, 'diagram.png');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    const dir = fresh('body');
    const r = cli([
      'package',
      '--title',
      'B',
      '--no-heading',
      '--body',
      body,
      '--css',
      css,
      '--asset',
      png,
      '--bundle',
      fakeBundle,
      '--dir',
      dir,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no warning: the image is packaged');
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.doesNotMatch(index, /<h1>/);
    assert.doesNotMatch(index, /\uFEFF/);
    assert.match(
      index,
      /<lc-provider [^>]*>\n\s+<h2>Reading<\/h2>\n\s+<p><img src="diagram.png" alt="A diagram"><\/p>\n\s+<lc-reflection-prompt prompt-id="w">/,
    );
    assert.match(index, /<link rel="stylesheet" href="styles.css" \/>\n\s+<link rel="stylesheet" href="course.css" \/>/);
    const manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
    for (const f of ['index.html', 'lc-elements.js', 'styles.css', 'course.css', 'diagram.png'])
      assert.ok(manifest.includes(`<file href="${f}"/>`), f);
    assert.ok(readFileSync(join(dir, 'diagram.png')).equals(readFileSync(png)));

    // without the asset: a warning, still written
    const warned = cli(['package', '--title', 'B', '--body', body, '--bundle', fakeBundle, '--dir', fresh('body2')]);
    assert.equal(warned.code, 0);
    assert.match(warned.stderr, /refers to "diagram.png", which is not in the package \(add it with --asset diagram.png\)/);
  });

  test('SCORM 1.2 and 2004 manifests have the right shape; every package file is listed', () => {
    const v2004 = buildPackage({ title: 'T', elements: ['lc-reflection-prompt'], bundle: fakeBundle });
    const m2004 = v2004.files[0].data.toString('utf8');
    assert.equal(v2004.files[0].name, 'imsmanifest.xml');
    assert.match(m2004, /<schema>ADL SCORM<\/schema>\s*<schemaversion>2004 4th Edition<\/schemaversion>/);
    assert.match(m2004, /xmlns="http:\/\/www\.imsglobal\.org\/xsd\/imscp_v1p1"/);
    assert.match(m2004, /<resource identifier="t\.sco" type="webcontent" adlcp:scormType="sco" href="index\.html">/);
    assert.match(m2004, /<organizations default="t\.org">\s*<organization identifier="t\.org">/);
    assert.match(m2004, /<item identifier="t\.item" identifierref="t\.sco" isvisible="true">/);
    assert.match(m2004, /completionSetByContent="true"/);
    for (const f of v2004.files.filter((f) => f.listed)) assert.ok(m2004.includes(`<file href="${f.name}"/>`), f.name);
    assert.ok(
      v2004.files.some((f) => f.name === 'imscp_v1p1.xsd'),
      'schema files at the package root',
    );

    const none = buildPackage({ title: 'T', completeOn: 'none', elements: ['lc-reflection-prompt'], bundle: fakeBundle });
    assert.doesNotMatch(none.files[0].data.toString('utf8'), /imsss:sequencing/, 'complete-on none leaves completion to the LMS');

    const v12 = buildPackage({ scorm: '1.2', title: 'T', elements: ['lc-reflection-prompt'], bundle: fakeBundle });
    const m12 = v12.files[0].data.toString('utf8');
    assert.match(m12, /<schema>ADL SCORM<\/schema>\s*<schemaversion>1\.2<\/schemaversion>/);
    assert.match(m12, /xmlns="http:\/\/www\.imsproject\.org\/xsd\/imscp_rootv1p1p2"/);
    assert.match(m12, /adlcp:scormtype="sco"/);
    assert.doesNotMatch(m12, /masteryscore|scormType|imsss/);
    assert.ok(v12.files.some((f) => f.name === 'imscp_rootv1p1p2.xsd'));
    assert.ok(!v12.files.some((f) => f.name === 'imscp_v1p1.xsd'), 'only the 1.2 schemas in a 1.2 package');
  });

  test('the packaged schema files are the official ones, byte for byte', () => {
    for (const version of /** @type {const} */ (['1.2', '2004'])) {
      const ours = join(root, 'scorm/schemas', version);
      for (const f of readdirSync(ours))
        assert.ok(readFileSync(join(ours, f)).equals(readFileSync(join(SCHEMAS[version].dir, f))), `${version}/${f}`);
    }
  });

  test("the default bundle is this package's built dist/cdn/lc-elements-lms.js, with the SCORM adapter in it", () => {
    const bundle = join(root, 'dist/cdn/lc-elements-lms.js');
    assert.ok(existsSync(bundle), 'dist/cdn/lc-elements-lms.js exists (run npm run build first)');
    const dir = fresh('real');
    const r = cli(['package', '--title', 'Real', '--element', 'lc-reflection-prompt prompt-id=w3', '--dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    const shipped = readFileSync(join(dir, 'lc-elements.js'), 'utf8');
    const built = readFileSync(bundle, 'utf8');
    // the ES bundle becomes a classic script (opened from disk, a module script would be blocked)
    assert.match(built, /export\s*\{[^}]*\bScormAdapter\b[^}]*\};?\s*(\/\/# sourceMappingURL=\S+\s*)?$/, 'the build is an ES module');
    assert.doesNotThrow(() => new Script(shipped, { filename: 'lc-elements.js' }), 'the shipped bundle parses as a classic script');
    assert.match(shipped, /^\(function \(\) \{\n'use strict';\n/);
    assert.ok(shipped.includes(built.slice(0, 2000)), 'the code itself is unchanged');
    assert.doesNotMatch(shipped, /sourceMappingURL/, 'no reference to a source map the package does not ship');
    assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), /<script defer src="lc-elements.js"><\/script>/);
  });

  test('classicBundle: an ES bundle loses its export clause; a classic one is kept; other modules stay modules, with a warning', () => {
    const es = classicBundle(
      Buffer.from('const a=1;function b(){return a}console.log(b());export{a as A,b};\n//# sourceMappingURL=x.js.map\n'),
    );
    assert.equal(es.module, false);
    assert.equal(es.data.toString(), "(function () {\n'use strict';\nconst a=1;function b(){return a}console.log(b());\n})();\n");
    const classic = Buffer.from('(function(){window.x=1})();\n');
    assert.deepEqual(classicBundle(classic), { data: classic, module: false });
    for (const text of ['import x from "./y.js";\nexport{x};', 'export default 1;', 'const u = import.meta.url;export{u};']) {
      const r = classicBundle(Buffer.from(text));
      assert.equal(r.module, true, text);
      assert.equal(r.data.toString(), text);
    }
    const moduleBundle = join(tmp, 'module-bundle.js');
    writeFileSync(moduleBundle, 'import { x } from "https://cdn.example/x.js"; registerAdapter("scorm", x);\n');
    const dir = fresh('module');
    const r = cli(['package', '--title', 'T', '--element', 'lc-reflection-prompt', '--bundle', moduleBundle, '--dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr + r.stdout, /ES module: opened straight from disk .* blank/);
    assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), /<script type="module" src="lc-elements.js"><\/script>/);
  });
});

// ── xmllint against the ADL/IMS schemas ───────────────────────────────────────────────────────

describe('manifests validate against the ADL/IMS schemas (xmllint)', () => {
  test('xmllint is installed (CI: apt-get install -y libxml2-utils)', () => {
    assert.ok(xmllintAvailable(), INSTALL_HINT);
  });

  /** @type {[string, import('../../bin/lib/package.mjs').PackageOptions][]} */
  const variants = [
    ['SCORM 2004 4th Edition', { scorm: '2004' }],
    ['SCORM 2004, complete-on none (no sequencing block)', { scorm: '2004', completeOn: 'none' }],
    ['SCORM 1.2', { scorm: '1.2' }],
    [
      'SCORM 2004 with every option and a nasty title',
      { scorm: '2004', title: NASTY, identifier: 'Course_1.v2-b', lang: 'pt-BR', theme: 'light' },
    ],
    ['SCORM 1.2 with a nasty title', { scorm: '1.2', title: NASTY }],
  ];
  for (const [name, options] of variants)
    test(`${name} validates`, () => {
      const { files } = buildPackage({ title: 'Week 3', elements: ['lc-reflection-prompt prompt-id=w3'], bundle: fakeBundle, ...options });
      const xml = files[0].data.toString('utf8');
      const r = validateManifest(xml);
      assert.equal(r.version, options.scorm === '1.2' ? '1.2' : '2004');
      assert.ok(r.valid, r.output);
    });

  /** @type {[string, '1.2' | '2004', (xml: string) => string, RegExp][]} */
  const broken = [
    ['2004: no manifest identifier', '2004', (x) => x.replace(/<manifest identifier="[^"]*"/, '<manifest'), /'identifier' is required/],
    ['2004: a bad scormType', '2004', (x) => x.replace('adlcp:scormType="sco"', 'adlcp:scormType="page"'), /scormType/],
    [
      '2004: a bad sequencing value',
      '2004',
      (x) => x.replace('completionSetByContent="true"', 'completionSetByContent="yes"'),
      /completionSetByContent/,
    ],
    ['2004: an identifier that is not an xs:ID', '2004', (x) => x.replaceAll('week-3.', '3 weeks.'), /not a valid value|ID/],
    ['2004: no resources', '2004', (x) => x.replace(/<resources>[\s\S]*<\/resources>/, ''), /resources/],
    ['1.2: no manifest identifier', '1.2', (x) => x.replace(/<manifest identifier="[^"]*"/, '<manifest'), /'identifier' is required/],
    ['1.2: a bad scormtype', '1.2', (x) => x.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="page"'), /scormtype/],
    ['1.2: an unknown adlcp attribute', '1.2', (x) => x.replace('adlcp:scormtype="sco"', 'adlcp:scormType="sco"'), /scormType/],
  ];
  for (const [name, version, breakIt, message] of broken)
    test(`a broken manifest is rejected (${name}): the check is real`, () => {
      const { files } = buildPackage({ scorm: version, title: 'Week 3', elements: ['lc-reflection-prompt'], bundle: fakeBundle });
      const good = files[0].data.toString('utf8');
      const bad = breakIt(good);
      assert.notEqual(bad, good, 'the test changed the manifest');
      assert.equal(detectVersion(bad), version);
      const r = validateManifest(bad);
      assert.equal(r.valid, false, `xmllint accepted a broken manifest:\n${bad}`);
      assert.match(r.output, message);
    });
});

// ── the zip ───────────────────────────────────────────────────────────────────────────────────

describe('zip writer', () => {
  test('CRC-32 and DOS dates', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
    const { date, time } = dosDateTime(new Date(2024, 1, 29, 13, 45, 58));
    assert.equal(date, ((2024 - 1980) << 9) | (2 << 5) | 29);
    assert.equal(time, (13 << 11) | (45 << 5) | 29);
    assert.deepEqual(dosDateTime(new Date(1970, 0, 1)), { date: 33, time: 0 });
  });

  test('round trip through Python zipfile: names, CRCs, stored and deflated entries, UTF-8 names, bytes equal', () => {
    const big = Buffer.from('lc-elements '.repeat(5000));
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24));
    const entries = [
      { name: 'imsmanifest.xml', data: '<manifest/>' },
      { name: 'empty.txt', data: '' },
      { name: 'big.txt', data: big },
      { name: 'noise.bin', data: random },
      { name: 'dossier/réflexion — 漢字.txt', data: 'naïve' },
    ];
    const file = join(tmp, 'round.zip');
    writeFileSync(file, createZip(entries, { date: new Date(2024, 5, 30, 12, 0, 10) }));
    const z = pythonZip(file);
    assert.equal(z.bad, null, 'every CRC checks out');
    assert.deepEqual(
      z.entries.map((/** @type {any} */ e) => e.name),
      entries.map((e) => e.name),
    );
    for (const [i, e] of z.entries.entries()) {
      const data = Buffer.from(entries[i].data);
      assert.equal(e.sha, sha(data), e.name);
      assert.equal(e.size, data.length);
      assert.equal(e.flag & 0x800, 0x800, 'UTF-8 flag');
      assert.deepEqual(e.date, [2024, 6, 30, 12, 0, 10]);
    }
    assert.equal(z.entries[0].method, 0, 'a tiny file is stored');
    assert.equal(z.entries[2].method, 8, 'a compressible file is deflated');
    assert.ok(readFileSync(file).length < big.length / 10, 'and deflate shrinks it');
  });

  test('refuses duplicate, absolute and parent-relative names', () => {
    assert.throws(
      () =>
        createZip([
          { name: 'a', data: '' },
          { name: 'a', data: '' },
        ]),
      /duplicate/,
    );
    assert.throws(() => createZip([{ name: '/etc/passwd', data: '' }]), /bad entry name/);
    assert.throws(() => createZip([{ name: '../x', data: '' }]), /bad entry name/);
  });

  test('a packaged zip: imsmanifest.xml at the root, same files as --dir, unzip -t agrees when installed', () => {
    const dir = fresh('pkg');
    const zip = join(tmp, 'pkg.zip');
    const r = cli([
      'package',
      '--scorm',
      '1.2',
      '--title',
      'Zip me',
      '--element',
      'lc-reflection-prompt',
      '--bundle',
      fakeBundle,
      '--dir',
      dir,
      '--out',
      zip,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const z = pythonZip(zip);
    assert.equal(z.bad, null);
    assert.equal(z.entries[0].name, 'imsmanifest.xml', 'the manifest comes first, at the root');
    const onDisk = readDir(dir);
    assert.deepEqual(z.entries.map((/** @type {any} */ e) => e.name).sort(), Object.keys(onDisk).sort());
    for (const e of z.entries) assert.equal(e.sha, sha(onDisk[e.name]), e.name);
    assert.ok(
      z.entries.every((/** @type {any} */ e) => !e.name.includes('/')),
      'a flat package',
    );
    // the same input and SOURCE_DATE_EPOCH make the same bytes
    const again = join(tmp, 'pkg2.zip');
    cli(['package', '--scorm', '1.2', '--title', 'Zip me', '--element', 'lc-reflection-prompt', '--bundle', fakeBundle, '--out', again]);
    assert.ok(readFileSync(zip).equals(readFileSync(again)), 'reproducible');
    if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
      const t = spawnSync('unzip', ['-t', zip], { encoding: 'utf8' });
      assert.equal(t.status, 0, t.stdout + t.stderr);
      assert.match(t.stdout, /No errors detected/);
    }
  });
});
