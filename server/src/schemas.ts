/**
 * The OpenAPI document is the single source of the record schemas: the server validates every
 * record it stores against `components.schemas.<Collection schema>` from `server/openapi.yaml`
 * (JSON Schema 2020-12, as OpenAPI 3.1 uses), and serves the same document at /v1/openapi.json.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { invalid } from './errors.js';

export const OPENAPI_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'openapi.yaml');

export type OpenApiDoc = Record<string, unknown> & { components: { schemas: Record<string, unknown> } };

export function loadOpenApi(path = OPENAPI_PATH): OpenApiDoc {
  return parse(readFileSync(path, 'utf8')) as OpenApiDoc;
}

const ROOT = 'https://lc-elements.invalid/schemas';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const MAX_DEPTH = 32;

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', '#/$defs/') : rewriteRefs(v);
  }
  return out;
}

/** Things JSON allows but PostgreSQL's jsonb does not store (NUL, lone surrogates), and runaway nesting. */
export function checkStorable(value: unknown, path = '', depth = 0): void {
  if (depth > MAX_DEPTH) throw invalid(`${path || 'the record'} is nested more than ${MAX_DEPTH} levels deep`);
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw invalid(`${path || 'a value'} holds a NUL character`);
    if (!value.isWellFormed()) throw invalid(`${path || 'a value'} holds a lone surrogate (not valid Unicode)`);
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(`${path} is not a finite number`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkStorable(v, `${path}[${i}]`, depth + 1));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000') || !k.isWellFormed()) throw invalid(`a field name under ${path || 'the record'} is not valid Unicode text`);
      checkStorable(v, path ? `${path}.${k}` : k, depth + 1);
    }
  }
}

export class RecordSchemas {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDoc) {
    this.ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: false, allowUnionTypes: true });
    this.ajv.addFormat('date-time', { type: 'string', validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)) });
    this.ajv.addSchema({ $id: ROOT, $defs: rewriteRefs(doc.components.schemas) as Record<string, unknown> });
    for (const name of Object.keys(doc.components.schemas)) this.validators.set(name, this.ajv.compile({ $ref: `${ROOT}#/$defs/${name}` }));
  }

  has(name: string): boolean {
    return this.validators.has(name);
  }

  /** Throws `invalid` with the first problem, naming the field. */
  validate(schema: string, record: unknown): void {
    checkStorable(record);
    const v = this.validators.get(schema);
    if (!v) throw new Error(`no schema ${schema} in openapi.yaml`);
    if (v(record)) return;
    const e = v.errors?.[0];
    const where = e?.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'the record';
    const detail =
      e?.keyword === 'required'
        ? `needs ${String((e.params as { missingProperty?: string }).missingProperty)}`
        : e?.keyword === 'enum'
          ? `must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((x) => JSON.stringify(x)).join(', ')}`
          : (e?.message ?? 'is not valid');
    throw invalid(`${schema}: ${where} ${detail}`);
  }
}
