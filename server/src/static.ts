/**
 * Static files for `npm start`: the demo intranet page at `/` and the built library at `/dist/`,
 * under the strict Content-Security-Policy an intranet may impose. The demo page's
 * `<lc-provider>` is pointed at this server (`adapter="rest"`) as it is served, so the same HTML
 * file also works from a plain static server on the local adapter.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'; require-trusted-types-for 'script'; trusted-types lit-html lc-elements";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

async function fileIn(dir: string, rel: string): Promise<string | undefined> {
  const root = resolve(dir);
  const clean = normalize(rel).replace(/^([/\\])+/, '');
  let file = join(root, clean);
  if (file !== root && !file.startsWith(root + sep)) return undefined; // path traversal
  try {
    let s = await stat(file);
    if (s.isDirectory()) {
      file = join(file, 'index.html');
      s = await stat(file);
    }
    return s.isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Gives the first `<lc-provider>` (outside comments) without an adapter the attributes that point it at this server. */
export function pointProviderHere(html: string, attributes: string): string {
  let done = false;
  return html.replace(/<!--[\s\S]*?-->|<lc-provider\b([^>]*)>/g, (match, attrs: string | undefined) => {
    if (done || attrs === undefined) return match; // a comment, or a later provider
    done = true;
    return /\badapter\s*=/.test(attrs) ? match : `<lc-provider${attrs} ${attributes}>`;
  });
}

export function registerStatic(app: FastifyInstance, options: { demoDir: string; distDir?: string; providerAttributes: string }): void {
  const mounts: [string, string][] = [];
  if (options.distDir) mounts.push(['/dist/', options.distDir]);
  mounts.push(['/', options.demoDir]);
  app.get('/*', async (req, reply) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return reply.code(400).type('text/plain').send('bad request');
    }
    if (pathname.includes('\u0000')) return reply.code(400).type('text/plain').send('bad request');
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      const file = await fileIn(dir, pathname.slice(prefix.length));
      if (!file) continue;
      reply
        .header('content-security-policy', STRICT_CSP)
        .header('cache-control', 'no-cache')
        .type(TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
      if (extname(file) === '.html' && prefix === '/')
        return reply.send(pointProviderHere(await readFile(file, 'utf8'), options.providerAttributes));
      return reply.send(createReadStream(file));
    }
    if (pathname === '/favicon.ico') return reply.code(204).send();
    return reply.code(404).type('text/plain').send('not found');
  });
}
