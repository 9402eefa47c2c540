// @ts-check
// The SCORM packager behind `npx lc-elements package`: options in, the files of a content package
// out (imsmanifest.xml, index.html, the CDN bundle, a stylesheet, the ADL/IMS schema files). Pure
// apart from reading the templates, the bundle and the user's files; the CLI writes the results.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own root (where package.json, dist/ and scorm/ live). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Bad input from the user: the CLI prints the message (no stack) and exits with code 2. */
export class UsageError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

// ── escaping ────────────────────────────────────────────────────────────────────────────────────

// characters XML 1.0 forbids (and HTML treats as parse errors): C0 controls except tab, LF, CR
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** @param {string} value @param {string} what */
function checkChars(value, what) {
  if (FORBIDDEN_CHARS.test(value)) throw new UsageError(`${what} contains a control character, which XML and HTML do not allow`);
  return value;
}

/** Escapes text for an XML attribute value or element content. @param {string} value */
export function escapeXml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Escapes text for an HTML attribute value (always double-quoted) or text content. @param {string} value */
export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Fills a template: `{{name}}` with the value escaped by `escape`, `{{{name}}}` with the value as is,
 * and a line holding only `<!-- lc:name -->` with the value's lines (markup, as is) at that line's
 * indentation, or nothing when the value is empty. (Comment placeholders keep the HTML template
 * valid and stable under Prettier.) An unknown name is a programming error, not a user's.
 * @param {string} template @param {Record<string, string>} values @param {(s: string) => string} escape
 */
export function fill(template, values, escape) {
  const value = (/** @type {string} */ name) => {
    if (!(name in values)) throw new Error(`template placeholder ${name} has no value`);
    return values[name];
  };
  return template
    .replace(/^([ \t]*)<!-- lc:([A-Za-z]+) -->\r?\n/gm, (_, indent, name) => {
      const v = value(name).replace(/^\s*\n|\s+$/g, '');
      if (!v.trim()) return '';
      // whitespace inside <pre> and <textarea> is content: insert such markup as it is
      if (/<(pre|textarea)\b/i.test(v)) return `${indent}${v}\n`;
      return v
        .split('\n')
        .map((l) => (l.trim() ? `${indent}${l}\n` : '\n'))
        .join('');
    })
    .replace(/\{\{(\{?)([A-Za-z]+)\}?\}\}/g, (_, raw, name) => (raw ? value(name) : escape(value(name))));
}

// ── the elements a package may use ─────────────────────────────────────────────────────────────

/** Attributes every element accepts (besides its own, `aria-*` and `data-*`). */
const GLOBAL_ATTRIBUTES = ['id', 'class', 'hidden', 'lang', 'dir', 'title', 'tabindex', 'role', 'part', 'slot', 'inert', 'translate'];

/**
 * @typedef {{ tag: string, kind: 'element' | 'child' | 'provider' | 'internal', attributes: string[], parent?: string }} ElementInfo
 * @typedef {Map<string, ElementInfo>} Catalogue
 */

/**
 * The lc elements and their attributes, from the package's custom-elements.json (written by
 * `npm run build`). `element`: a top-level element (src/elements/<name>/); `child`: a declarative
 * child of one (lc-prompt, lc-segment); `provider`: lc-provider, which the package writes itself;
 * `internal`: a part of another element (lc-person-picker).
 * @param {string} [file]
 * @returns {Catalogue}
 */
export function loadCatalogue(file = join(packageRoot, 'custom-elements.json')) {
  if (!existsSync(file))
    throw new UsageError(`${file} is missing: build the package first (npm run build), which writes the element catalogue`);
  /** @type {any} */ const manifest = JSON.parse(readFileSync(file, 'utf8'));
  /** @type {Catalogue} */ const catalogue = new Map();
  for (const mod of manifest.modules ?? [])
    for (const d of mod.declarations ?? []) {
      if (!d.tagName || !/^lc-[a-z0-9-]+$/.test(d.tagName)) continue;
      const folder = /^src\/elements\/([^/]+)\/([^/]+)\.ts$/.exec(mod.path ?? '');
      /** @type {ElementInfo['kind']} */
      let kind = 'internal';
      let parent;
      if (d.tagName === 'lc-provider') kind = 'provider';
      else if (folder && `lc-${folder[1]}` === d.tagName) kind = 'element';
      else if (folder) {
        kind = 'child';
        parent = `lc-${folder[1]}`;
      }
      const attributes = (d.attributes ?? []).map((/** @type {{ name: string }} */ a) => a.name).filter(Boolean);
      catalogue.set(d.tagName, { tag: d.tagName, kind, attributes, parent });
    }
  if (![...catalogue.values()].some((e) => e.kind === 'element'))
    throw new UsageError(`${file} lists no lc elements: rebuild (npm run build)`);
  return catalogue;
}

/** Edit distance, for "did you mean". @param {string} a @param {string} b */
function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** @param {string} word @param {string[]} choices */
function didYouMean(word, choices) {
  const best = choices.map((c) => [c, distance(word, c)]).sort((x, y) => +x[1] - +y[1])[0];
  return best && +best[1] <= Math.max(2, Math.floor(word.length / 3)) ? ` (did you mean "${best[0]}"?)` : '';
}

/**
 * Throws when an attribute name is not valid on the tag.
 * @param {ElementInfo} info @param {string} name @param {string} where
 */
function checkAttributeName(info, name, where) {
  if (/^on/i.test(name))
    throw new UsageError(`${where}: event handler attributes (${name}) are not allowed; the page runs under a strict CSP`);
  if (name.toLowerCase() === 'style')
    throw new UsageError(`${where}: inline styles (style="…") are blocked by a strict CSP; put CSS in a file and pass it with --css`);
  if (!/^[a-z][a-z0-9-]*$/.test(name))
    throw new UsageError(`${where}: "${name}" is not a valid attribute name (lowercase letters, digits and "-")`);
  if (info.attributes.includes(name) || GLOBAL_ATTRIBUTES.includes(name) || /^(aria|data)-[a-z0-9-]+$/.test(name)) return;
  throw new UsageError(
    `${where}: <${info.tag}> has no attribute "${name}"${didYouMean(name, info.attributes)}. Its attributes: ${info.attributes.join(', ') || '(none)'}`,
  );
}

/** @param {Catalogue} catalogue @param {string} tag @param {string} where @param {boolean} topLevel */
function lookupTag(catalogue, tag, where, topLevel) {
  const info = catalogue.get(tag);
  const usable = [...catalogue.values()].filter((e) => e.kind === 'element').map((e) => e.tag);
  if (!info) throw new UsageError(`${where}: <${tag}> is not an lc element${didYouMean(tag, usable)}. Elements: ${usable.join(', ')}`);
  if (info.kind === 'provider')
    throw new UsageError(
      `${where}: the package writes its own <lc-provider adapter="scorm">; set its options with --complete-on, --endpoint, --xapi-endpoint, --community and --theme`,
    );
  if (info.kind === 'internal') throw new UsageError(`${where}: <${tag}> is a part of other elements, not one to place on its own`);
  if (info.kind === 'child' && topLevel)
    throw new UsageError(`${where}: <${tag}> goes inside <${info.parent}>; write that markup in a --body file`);
  return info;
}

/**
 * Parses an --element spec: a tag, then attributes as `name=value`, `name="a value"`, `name='a value'`
 * or a bare `name` (a boolean attribute). Validates the tag and every attribute name.
 * @param {string} spec @param {Catalogue} catalogue
 * @returns {{ tag: string, attributes: [string, string | null][] }}
 */
export function parseElementSpec(spec, catalogue) {
  const where = `--element '${spec}'`;
  checkChars(spec, where);
  if (/^\s*</.test(spec))
    throw new UsageError(`${where}: write the tag without angle brackets, e.g. --element 'lc-reflection-prompt prompt-id=week-3'`);
  // split on whitespace outside quotes; remember where the first "=" outside quotes is
  /** @type {{ text: string, eq: number }[]} */ const tokens = [];
  const s = spec.trim();
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const token = { text: '', eq: -1 };
    while (i < s.length && !/\s/.test(s[i])) {
      const c = s[i];
      if (c === '"' || c === "'") {
        // single quotes are literal; inside double quotes \" and \\ stand for " and \
        let j = i + 1;
        for (; j < s.length && s[j] !== c; j++) {
          if (c === '"' && s[j] === '\\' && (s[j + 1] === '"' || s[j + 1] === '\\')) j++;
          token.text += s[j];
        }
        if (j >= s.length) throw new UsageError(`${where}: unclosed ${c === '"' ? 'double' : 'single'} quote`);
        i = j + 1;
      } else {
        if (c === '=' && token.eq < 0) token.eq = token.text.length;
        token.text += c;
        i++;
      }
    }
    tokens.push(token);
  }
  if (!tokens.length) throw new UsageError(`${where}: empty; give a tag such as lc-reflection-prompt`);
  if (tokens[0].eq >= 0) throw new UsageError(`${where}: start with the tag name, e.g. lc-reflection-prompt`);
  const info = lookupTag(catalogue, tokens[0].text.toLowerCase(), where, true);
  /** @type {[string, string | null][]} */ const attributes = [];
  for (const { text, eq } of tokens.slice(1)) {
    const name = eq < 0 ? text : text.slice(0, eq);
    const value = eq < 0 ? null : text.slice(eq + 1);
    if (!name) throw new UsageError(`${where}: "${text}" has no attribute name before "="`);
    checkAttributeName(info, name, where);
    if (attributes.some(([n]) => n === name)) throw new UsageError(`${where}: attribute "${name}" is given twice`);
    attributes.push([name, value]);
  }
  return { tag: info.tag, attributes };
}

/** Markup for a parsed element spec, every value escaped. @param {{ tag: string, attributes: [string, string | null][] }} el */
export function renderElement({ tag, attributes }) {
  const attrs = attributes.map(([n, v]) => (v === null ? ` ${n}` : ` ${n}="${escapeHtml(v)}"`)).join('');
  return `<${tag}${attrs}></${tag}>`;
}

// ── a --body fragment ──────────────────────────────────────────────────────────────────────────

const NAMED_ENTITIES = /** @type {Record<string, string>} */ ({
  colon: ':',
  tab: '\t',
  newline: '\n',
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
});

/** What a browser would make of an attribute value, as far as a URL scheme is concerned. @param {string} value */
function decodeForUrlCheck(value) {
  return (
    value
      .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)))
      .replace(/&#([0-9]+);?/g, (_, d) => String.fromCodePoint(Math.min(parseInt(d, 10), 0x10ffff)))
      .replace(/&([a-z]+);?/gi, (m, n) => NAMED_ENTITIES[n.toLowerCase()] ?? m)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0020\u007f]+/g, '')
      .toLowerCase()
  );
}

const FORBIDDEN_TAGS = /** @type {Record<string, string>} */ ({
  script: 'scripts are not allowed; the package loads lc-elements.js and nothing else runs',
  style: 'inline <style> is blocked by a strict CSP; pass a stylesheet with --css',
  link: 'the page links its own stylesheets; pass yours with --css',
  meta: 'the page writes its own <meta> tags',
  base: '<base> would change where the package loads its files from',
  iframe: 'embedded frames are not allowed in a package page',
  frame: 'frames are not allowed in a package page',
  frameset: 'frames are not allowed in a package page',
  object: 'plug-in content (<object>) is not allowed',
  embed: 'plug-in content (<embed>) is not allowed',
  html: 'give a fragment for inside <body>, not a whole document',
  head: 'give a fragment for inside <body>, not a whole document',
  body: 'give a fragment for inside <body>, not a whole document',
  template: '<template> content is not checked and is not allowed',
});

/**
 * Checks an HTML fragment for the provider's content: no script, no inline handlers, no
 * `javascript:` URLs, nothing a strict CSP would block; lc-* tags known and their attributes valid.
 * Returns the relative file references (src/href) it found, so the caller can warn about missing ones.
 * @param {string} html @param {Catalogue} catalogue @param {string} [file]
 * @returns {{ references: string[] }}
 */
export function checkBody(html, catalogue, file = '--body') {
  checkChars(html, file);
  /** @type {string[]} */ const problems = [];
  /** @type {string[]} */ const references = [];
  const lineOf = (/** @type {number} */ index) => html.slice(0, index).split('\n').length;
  if (/<!doctype/i.test(html)) problems.push(`line ${lineOf(html.search(/<!doctype/i))}: ${FORBIDDEN_TAGS.html}`);

  const TAG = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/y;
  const ATTR = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/g)) {
    const at = `${file} line ${lineOf(m.index)}`;
    const tag = m[2].toLowerCase();
    if (FORBIDDEN_TAGS[tag]) {
      if (!m[1]) problems.push(`${at}: <${tag}>: ${FORBIDDEN_TAGS[tag]}`);
      continue;
    }
    if (m[1]) continue; // an end tag
    TAG.lastIndex = m.index;
    const full = TAG.exec(html);
    if (!full) {
      problems.push(`${at}: could not read the <${tag}> tag (unbalanced quotes or a stray "<"?); write "&lt;" for a literal "<"`);
      continue;
    }
    let info;
    if (tag.startsWith('lc-')) {
      try {
        info = lookupTag(catalogue, tag, at, false);
      } catch (e) {
        problems.push(/** @type {Error} */ (e).message);
      }
    }
    for (const a of (full[2] ?? '').matchAll(ATTR)) {
      const name = a[1].toLowerCase();
      const raw = a[2] ?? '';
      const value = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
      if (/^on/.test(name)) {
        problems.push(`${at}: inline event handler ${name}="…" is not allowed; the page runs under a strict CSP`);
        continue;
      }
      if (name === 'style') {
        problems.push(`${at}: inline style="…" is blocked by a strict CSP; pass a stylesheet with --css`);
        continue;
      }
      if (name === 'srcdoc') {
        problems.push(`${at}: srcdoc is not allowed`);
        continue;
      }
      const decoded = decodeForUrlCheck(value);
      if (/^(javascript|vbscript|data:text\/html|data:image\/svg)/.test(decoded) || /(^|[\s,;])(javascript|vbscript):/.test(decoded)) {
        problems.push(`${at}: ${name}="${value.slice(0, 40)}" is a script URL (javascript:), which is not allowed`);
        continue;
      }
      if (info) {
        try {
          checkAttributeName(info, name, at);
        } catch (e) {
          problems.push(/** @type {Error} */ (e).message);
        }
      }
      if (['src', 'href', 'poster'].includes(name) && value && !/^([a-z][a-z0-9+.-]*:|#|\/\/|\/)/i.test(value.trim()))
        references.push(value.trim().split(/[?#]/)[0]);
    }
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  return { references };
}

// ── options → files ────────────────────────────────────────────────────────────────────────────

/** SCORM identifiers are xs:ID (an XML NCName); ours stay ASCII so every LMS copes. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'ha', 'he', 'khw', 'ks', 'ps', 'sd', 'ur', 'yi', 'ug']);
/** Names the package writes itself; an --asset may not take them. */
const RESERVED = ['imsmanifest.xml', 'index.html', 'lc-elements.js', 'styles.css', 'course.css'];

/** An identifier made from a title: ASCII letters, digits, "-", starting with a letter. @param {string} title */
export function identifierFromTitle(title) {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return /^[a-z]/.test(slug) ? slug : `course${slug ? `-${slug}` : ''}`;
}

/**
 * @typedef {{
 *   scorm?: string, title?: string, identifier?: string, lang?: string, completeOn?: string,
 *   endpoint?: string, xapiEndpoint?: string, xapiAuth?: string, community?: string, theme?: string, elements?: string[], body?: string,
 *   css?: string, assets?: string[], bundle?: string, heading?: string, noHeading?: boolean,
 *   noSchemas?: boolean, catalogue?: string,
 * }} PackageOptions
 * @typedef {{ name: string, data: Buffer, listed: boolean }} PackageFile
 */

const version = () => JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
const template = (/** @type {string} */ name) => readFileSync(join(packageRoot, 'scorm/templates', name), 'utf8');

/** @param {string} path @param {string} what */
function readUserFile(path, what) {
  const full = resolve(path);
  let st;
  try {
    st = statSync(full);
  } catch {
    throw new UsageError(`${what} ${path}: no such file`);
  }
  if (!st.isFile()) throw new UsageError(`${what} ${path}: not a file`);
  return readFileSync(full);
}

/**
 * An option that names a server: an absolute http(s) URL without credentials (they belong elsewhere:
 * `credentials` says where). Warns when plain http would be blocked inside an https LMS.
 * @param {string | undefined} value @param {string} option @param {string} credentials @param {string[]} warnings
 * @returns {string | undefined} the normalised URL
 */
function httpUrl(value, option, credentials, warnings) {
  if (value === undefined) return undefined;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} "${value}" is not an http(s) URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${option} "${value}" is not an http(s) URL`);
  if (url.username || url.password) throw new UsageError(`${option} must not carry a user name or password${credentials}`);
  if (url.protocol === 'http:' && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url.href))
    warnings.push(`${option} uses http: an LMS served over https will block it (mixed content)`);
  return url.href;
}

/**
 * Validates the options and returns every file of the package, manifest first.
 * @param {PackageOptions} o
 * @returns {{ files: PackageFile[], scorm: '1.2' | '2004', identifier: string, warnings: string[] }}
 */
export function buildPackage(o) {
  /** @type {string[]} */ const warnings = [];
  const scormArg = String(o.scorm ?? '2004').trim();
  /** @type {'1.2' | '2004'} */
  let scorm;
  if (['1.2', '12'].includes(scormArg)) scorm = '1.2';
  else if (['2004', '2004-4', '2004-4th', '4th'].includes(scormArg)) scorm = '2004';
  else throw new UsageError(`--scorm must be 1.2 or 2004 (4th edition), not "${scormArg}"`);

  const title = checkChars((o.title ?? '').trim(), '--title');
  if (!title) throw new UsageError('--title is required: the LMS shows it in the course outline');
  if (title.length > 200) warnings.push(`the title has ${title.length} characters; LMSs need only keep 200`);

  const identifier = o.identifier === undefined ? identifierFromTitle(title) : o.identifier.trim();
  if (!IDENTIFIER.test(identifier))
    throw new UsageError(
      `--identifier "${identifier}" is not a valid SCORM identifier: start with a letter or "_", then letters, digits, "_", "-" or "."`,
    );
  if (identifier.length > 200) throw new UsageError('--identifier is longer than 200 characters');

  const lang = (o.lang ?? 'en').trim();
  if (!LANG.test(lang)) throw new UsageError(`--lang "${lang}" is not a language tag such as en, fr or pt-BR`);

  const completeOn = (o.completeOn ?? 'submit').trim();
  if (!['submit', 'goal', 'none'].includes(completeOn))
    throw new UsageError(`--complete-on must be submit, goal or none, not "${completeOn}"`);

  const theme = o.theme?.trim();
  if (theme !== undefined && !['auto', 'light', 'dark'].includes(theme))
    throw new UsageError(`--theme must be auto, light or dark, not "${theme}"`);

  const endpoint = httpUrl(o.endpoint, '--endpoint', '', warnings);
  // xAPI reporting from inside the course (the LMS bundle carries the wrapper)
  const xapiEndpoint = httpUrl(o.xapiEndpoint, '--xapi-endpoint', ': use --xapi-auth', warnings);
  const xapiAuth = o.xapiAuth?.trim();
  if (xapiAuth !== undefined) {
    if (!xapiEndpoint) throw new UsageError('--xapi-auth needs --xapi-endpoint');
    if (!/^(Basic|Bearer) \S+$/.test(xapiAuth))
      throw new UsageError('--xapi-auth must be a whole Authorization value: "Basic <base64 key:secret>" or "Bearer <token>"');
    warnings.push(
      '--xapi-auth is written into index.html, where every learner can read it: use an LRS credential that may only write statements',
    );
  }

  const community = checkChars((o.community ?? identifier).trim(), '--community');
  if (!community) throw new UsageError('--community must not be empty');

  const elements = o.elements ?? [];
  if (!elements.length && o.body === undefined)
    throw new UsageError("nothing to package: give one or more --element 'lc-… name=value' or a --body file.html");
  if (elements.length && o.body !== undefined) throw new UsageError('give either --element (one or more) or --body, not both');

  const catalogue = loadCatalogue(o.catalogue);

  // the bundle: our own LMS CDN file (every element + the SCORM adapter + xAPI), shipped as lc-elements.js
  const bundlePath = resolve(o.bundle ?? join(packageRoot, 'dist/cdn/lc-elements-lms.js'));
  if (!existsSync(bundlePath))
    throw new UsageError(
      o.bundle
        ? `--bundle ${o.bundle}: no such file`
        : `${bundlePath} has not been built: run "npm run build" in ${packageRoot} (or pass --bundle path/to/lc-elements-lms.js)`,
    );
  const original = readFileSync(bundlePath);
  const bundleText = original.toString('latin1');
  if (/\bimport\s*\(\s*["'`]\.{1,2}\/|\bfrom\s*["'`]\.{1,2}\//.test(bundleText))
    throw new UsageError(
      `${bundlePath} loads other files (relative imports); a package needs the self-contained dist/cdn/lc-elements-lms.js, not the autoloader`,
    );
  if (!/["'`]scorm["'`]/.test(bundleText))
    throw new UsageError(
      `${bundlePath} does not include the SCORM adapter (adapter="scorm"): use dist/cdn/lc-elements-lms.js (built by "npm run build")`,
    );

  const { data: bundle, module } = classicBundle(original);
  if (module)
    warnings.push(
      `${bundlePath} is an ES module: opened straight from disk (outside the LMS) the page will stay blank; use dist/cdn/lc-elements-lms.js`,
    );

  // the provider's content
  let content;
  /** @type {string[]} */ let references = [];
  if (o.body !== undefined) {
    const text = readUserFile(o.body, '--body')
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    ({ references } = checkBody(text, catalogue, basename(o.body)));
    if (!text.trim()) throw new UsageError(`--body ${o.body} is empty`);
    content = text.replace(/\s+$/, '');
    if (!/<lc-[a-z]/i.test(text)) warnings.push(`--body ${o.body} has no lc element in it`);
  } else content = elements.map((spec) => renderElement(parseElementSpec(spec, catalogue))).join('\n');

  if (!endpoint && /<lc-kudos-wall\b/i.test(content))
    warnings.push(
      "<lc-kudos-wall> needs --endpoint (a shared lc-elements server): SCORM keeps only the learner's own data, so without one the wall only says that kudos are not available in this course",
    );

  /** @type {PackageFile[]} */ const extra = [];
  if (o.css !== undefined) extra.push({ name: 'course.css', data: readUserFile(o.css, '--css'), listed: true });
  for (const asset of o.assets ?? []) {
    const name = basename(asset);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
      throw new UsageError(`--asset ${asset}: rename it to letters, digits, ".", "_" and "-" only (it becomes a URL in the package)`);
    if (RESERVED.includes(name.toLowerCase()) || /\.(xsd|dtd)$/i.test(name))
      throw new UsageError(`--asset ${asset}: the package writes its own ${name}; rename yours`);
    if (extra.some((f) => f.name === name)) throw new UsageError(`--asset ${asset}: two assets are called ${name}`);
    extra.push({ name, data: readUserFile(asset, '--asset'), listed: true });
  }
  for (const ref of new Set(references))
    if (!extra.some((f) => f.name === ref) && !RESERVED.includes(ref))
      warnings.push(`the body refers to "${ref}", which is not in the package (add it with --asset ${ref})`);

  const generator = `lc-elements ${version()}`;
  const provider = [
    ['adapter', 'scorm'],
    ['lms-complete-on', completeOn],
    ['community', community],
    ...(endpoint ? [['endpoint', endpoint]] : []),
    ...(xapiEndpoint ? [['xapi-endpoint', xapiEndpoint]] : []),
    ...(xapiAuth ? [['xapi-auth', xapiAuth]] : []),
    ...(theme ? [['theme', theme]] : []),
  ]
    .map(([n, v]) => `${n}="${escapeHtml(v)}"`)
    .join(' ');
  const heading = o.noHeading ? '' : checkChars((o.heading ?? title).trim(), '--heading');

  const index = fill(
    template('index.html'),
    {
      lang,
      dir: RTL.has(lang.split('-')[0].toLowerCase()) ? 'rtl' : 'ltr',
      generator,
      title,
      stylesheets: o.css !== undefined ? '<link rel="stylesheet" href="course.css" />' : '',
      // classic and deferred, so it also runs on a page opened from disk (file://), where module scripts are blocked
      script: module ? '<script type="module" src="lc-elements.js"></script>' : '<script defer src="lc-elements.js"></script>',
      heading: heading ? `<h1>${escapeHtml(heading)}</h1>` : '',
      providerAttributes: provider,
      content,
    },
    escapeHtml,
  );

  /** @type {PackageFile[]} */
  const sco = [
    { name: 'index.html', data: Buffer.from(index, 'utf8'), listed: true },
    { name: 'lc-elements.js', data: bundle, listed: true },
    { name: 'styles.css', data: Buffer.from(template('styles.css'), 'utf8'), listed: true },
    ...extra,
  ];
  const files = sco.map((f) => `      <file href="${escapeXml(f.name)}"/>\n`).join('');
  const itemSequencing =
    completeOn === 'none'
      ? ''
      : [
          '        <imsss:sequencing>\n',
          '          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>\n',
          '        </imsss:sequencing>\n',
        ].join('');
  const manifest = fill(
    template(scorm === '1.2' ? 'imsmanifest-1.2.xml' : 'imsmanifest-2004.xml'),
    { generator, identifier, version: '1', title, files, itemSequencing },
    escapeXml,
  );

  /** @type {PackageFile[]} */ const schemas = [];
  if (!o.noSchemas) {
    const dir = join(packageRoot, 'scorm/schemas', scorm);
    for (const name of readdirSorted(dir)) schemas.push({ name, data: readFileSync(join(dir, name)), listed: false });
  }
  return {
    files: [{ name: 'imsmanifest.xml', data: Buffer.from(manifest, 'utf8'), listed: false }, ...sco, ...schemas],
    scorm,
    identifier,
    warnings,
  };
}

/**
 * The bundle as a classic script. Browsers refuse module scripts on a page opened from disk
 * (`file://`: "blocked by CORS policy"), so a module bundle would leave a course opened outside the
 * LMS blank instead of saying "Open this inside your LMS". Rollup's self-contained ES output ends in
 * one `export { … };` clause and has no other module syntax: without that clause, inside a strict
 * function (no globals leak), it runs the same as a classic script. A bundle that is already classic
 * (no `export`/`import` statements) is used as it is; anything else stays a module, with a warning.
 * @param {Buffer} bundle
 * @returns {{ data: Buffer, module: boolean }}
 */
export function classicBundle(bundle) {
  const text = bundle.toString('utf8');
  const tail = /;?\s*export\s*\{[^{}]*\}\s*;?\s*(?:\/\/# sourceMappingURL=[^\n]*\s*)?$/.exec(text);
  const body = tail ? text.slice(0, tail.index) : text;
  const moduleSyntax =
    /(^|[;}\n])\s*(import\s*[{*"'`\w$]|export\s*[{*]|export\s+(default|const|let|var|function|class|async)\b)/.test(body) ||
    /\bimport\.meta\b/.test(body);
  if (moduleSyntax) return { data: bundle, module: true };
  if (!tail) return { data: bundle, module: false };
  return { data: Buffer.from(`(function () {\n'use strict';\n${body};\n})();\n`, 'utf8'), module: false };
}

/** The files (not folders) in a directory, sorted. @param {string} dir */
function readdirSorted(dir) {
  if (!existsSync(dir)) throw new Error(`${dir} is missing from the lc-elements package`);
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isFile())
    .sort();
}
