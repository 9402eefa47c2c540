// node --test tests/build/: the template minifier used by the minified builds (scripts/lib/minify-templates.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minifyCss, minifyHtml, minifyTemplates } from '../../scripts/lib/minify-templates.mjs';

test('css: comments go, whitespace collapses, punctuation loses its spaces, selectors keep their combinators', () => {
  assert.equal(
    minifyCss(`
    /* the card */
    :host .card > p ,
    a :hover {
      color : red;
      margin: 0 auto;
    }
  `),
    ' :host .card>p,a :hover{color : red;margin: 0 auto}',
  );
});

test('html: indentation becomes one space; text on one line is kept exactly', () => {
  assert.equal(minifyHtml('<p>\n    <b>a</b>  <i>b</i>\n  </p>'), '<p> <b>a</b>  <i>b</i> </p>');
});

test('only css/html/svg tagged templates change, and their ${} expressions are copied untouched', () => {
  const src = [
    'const a = html`',
    '  <p class=${cls}>',
    "    ${items.map((i) => html`<li>${i}</li>`)} ${'`'} ${{ a: 1 }.a}",
    '  </p>`;',
    'const b = `keep   this\n   as is`;',
    'const c = foo.html`  <b>\n  x</b>`;',
    "const d = '// not a comment `'; // a comment with ` in it",
    '/* block ` */ const e = css`',
    '  .x { color: ${c}; }',
    '`;',
  ].join('\n');
  const out = minifyTemplates(src);
  assert.ok(out, 'changed');
  assert.ok(out.includes("html` <p class=${cls}> ${items.map((i) => html`<li>${i}</li>`)} ${'`'} ${{ a: 1 }.a} </p>`"), out);
  assert.ok(out.includes('`keep   this\n   as is`'), 'untagged template kept');
  assert.ok(out.includes('foo.html`  <b>\n  x</b>`'), 'a member named html is not a tag');
  assert.ok(out.includes("'// not a comment `'; // a comment with ` in it"), 'strings and comments kept');
  assert.ok(out.includes('css`.x{color: ${c}}`'), out);
});

test('code it cannot scan with certainty is left alone', () => {
  assert.equal(minifyTemplates('const a = html`<p>\n  unterminated'), undefined);
  assert.equal(minifyTemplates('const a = html`<p>${ x </p>`'), undefined);
  assert.equal(minifyTemplates('const nothing = 1;'), undefined);
});
