import type { LcRecord } from './adapter.js';

/** Returns `true` for a good record, or a short reason why it is not. */
export type RecordValidator = (record: LcRecord) => true | string;

const validators = new Map<string, RecordValidator[]>();

/**
 * Adds a check for records of one collection. Elements register the shape they rely on, so a
 * malformed record from any backend is dropped and reported instead of breaking a render.
 */
export function registerValidator(collection: string, validator: RecordValidator): void {
  const list = validators.get(collection) ?? [];
  if (!list.includes(validator)) list.push(validator);
  validators.set(collection, list);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Checks the fields every record shares, then the collection's own validators. */
export function validateRecord(collection: string, value: unknown): true | string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const r = value as LcRecord;
  if (typeof r.id !== 'string' || r.id === '' || r.id.length > 256) return 'id must be a non-empty string';
  for (const f of ['community', 'authorId'] as const)
    if (r[f] !== undefined && r[f] !== null && typeof r[f] !== 'string') return `${f} must be a string`;
  for (const f of ['createdAt', 'updatedAt'] as const)
    if (r[f] !== undefined && r[f] !== null && (typeof r[f] !== 'string' || !ISO.test(r[f] as string)))
      return `${f} must be an ISO date-time`;
  for (const check of validators.get(collection) ?? []) {
    const result = check(r);
    if (result !== true) return result;
  }
  return true;
}

/** Small helpers for writing validators. */
export const is = {
  string: (v: unknown, max = 100_000): v is string => typeof v === 'string' && v.length <= max,
  optionalString: (v: unknown, max = 100_000): boolean => v === undefined || v === null || (typeof v === 'string' && v.length <= max),
  number: (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v),
  oneOf: <T extends string>(v: unknown, values: readonly T[]): v is T => typeof v === 'string' && (values as readonly string[]).includes(v),
};
