// @ts-check
// A rollup transform for the minified builds (the CDN file and what `npm run size` measures):
// shrinks the static text of Lit's tagged templates, which terser leaves as written.
//   css`…`   comments removed, whitespace collapsed, no spaces around { } ; , > or after :
//            inside declarations
//   html`…`  svg`…`   whitespace runs that hold a line break (indentation) become one space, which
//            HTML renders the same way (elements with white-space: pre* hold their text tight)
// Only the literal parts between `${…}` change; expressions are copied untouched. The scanner
// knows comments, strings, template literals and `${}` nesting; a module it cannot scan with
// certainty (an unbalanced literal, say) is left as it is.

/** @param {string} css */
export function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/;}/g, '}');
}

/** @param {string} html */
export function minifyHtml(html) {
  return html.replace(/[ \t]*\n\s*/g, ' ');
}

const TAGS = { css: minifyCss, html: minifyHtml, svg: minifyHtml };

/**
 * Returns `code` with tagged-template text minified, or `undefined` when nothing changed or the
 * code could not be scanned with certainty.
 * @param {string} code
 */
export function minifyTemplates(code) {
  let out = '';
  let i = 0;
  let changed = false;
  const n = code.length;

  /** Skips a quoted string starting at `j` (the quote); returns the index after it. */
  const skipString = (/** @type {number} */ j) => {
    const q = code[j];
    for (j++; j < n; j++) {
      if (code[j] === '\\') j++;
      else if (code[j] === q) return j + 1;
      else if (code[j] === '\n') throw new Error('unterminated string');
    }
    throw new Error('unterminated string');
  };

  /**
   * Reads a template literal whose backtick is at `j`; returns its end and its parts
   * (`quasis` as written, `exprs` as source text, each scanned recursively).
   * @param {number} j
   * @returns {{ end: number, quasis: string[], exprs: string[] }}
   */
  const readTemplate = (j) => {
    const quasis = [];
    const exprs = [];
    let start = j + 1;
    for (j++; j < n; j++) {
      const c = code[j];
      if (c === '\\') j++;
      else if (c === '`') {
        quasis.push(code.slice(start, j));
        return { end: j + 1, quasis, exprs };
      } else if (c === '$' && code[j + 1] === '{') {
        quasis.push(code.slice(start, j));
        const exprStart = j + 2;
        j = skipCode(exprStart, true);
        exprs.push(code.slice(exprStart, j));
        start = j + 1; // after the closing brace
      }
    }
    throw new Error('unterminated template');
  };

  /**
   * Scans code from `j`; in an expression (`inExpr`) stops at the `}` that closes it and returns
   * its index. Nested templates inside expressions are left as they are (their tags are rare and
   * the outer scan does not rewrite inside expressions).
   * @param {number} j @param {boolean} inExpr
   */
  const skipCode = (j, inExpr) => {
    let depth = 0;
    while (j < n) {
      const c = code[j];
      if (c === '/' && code[j + 1] === '/') j = code.indexOf('\n', j) === -1 ? n : code.indexOf('\n', j);
      else if (c === '/' && code[j + 1] === '*') {
        const e = code.indexOf('*/', j + 2);
        if (e === -1) throw new Error('unterminated comment');
        j = e + 2;
      } else if (c === '"' || c === "'") j = skipString(j);
      else if (c === '`') j = readTemplate(j).end;
      else if (c === '{') {
        depth++;
        j++;
      } else if (c === '}') {
        if (inExpr && depth === 0) return j;
        depth--;
        j++;
      } else j++;
    }
    if (inExpr) throw new Error('unterminated expression');
    return j;
  };

  try {
    while (i < n) {
      const c = code[i];
      if (c === '/' && code[i + 1] === '/') {
        const e = code.indexOf('\n', i);
        const end = e === -1 ? n : e;
        out += code.slice(i, end);
        i = end;
      } else if (c === '/' && code[i + 1] === '*') {
        const e = code.indexOf('*/', i + 2);
        if (e === -1) return undefined;
        out += code.slice(i, e + 2);
        i = e + 2;
      } else if (c === '"' || c === "'") {
        const e = skipString(i);
        out += code.slice(i, e);
        i = e;
      } else if (c === '`') {
        const tag = /(?:^|[^\w$.])(css|html|svg)\s*$/.exec(code.slice(Math.max(0, i - 12), i));
        const t = readTemplate(i);
        const fn = tag ? TAGS[/** @type {'css' | 'html' | 'svg'} */ (tag[1])] : undefined;
        if (fn) {
          const quasis = t.quasis.map((q) => fn(q));
          if (fn === minifyCss) {
            // a stylesheet's own leading and trailing whitespace means nothing
            quasis[0] = quasis[0].trimStart();
            quasis[quasis.length - 1] = quasis[quasis.length - 1].trimEnd();
          }
          changed ||= quasis.some((q, k) => q !== t.quasis[k]);
          out += '`' + quasis.map((q, k) => q + (k < t.exprs.length ? '${' + t.exprs[k] + '}' : '')).join('') + '`';
        } else out += code.slice(i, t.end);
        i = t.end;
      } else {
        out += c;
        i++;
      }
    }
  } catch {
    return undefined;
  }
  return changed ? out : undefined;
}

/** @returns {import('rollup').Plugin} */
export function minifyTemplatesPlugin() {
  return {
    name: 'lc-minify-templates',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id)) return null;
      const min = minifyTemplates(code);
      return min === undefined ? null : { code: min, map: null };
    },
  };
}
