import { LcAdapterError, type LcErrorKind, type LcErrorReason } from '../core/adapter.js';
import type { MessageKey } from './en.js';
import { translate } from './localize.js';

const ERROR_KEYS: Record<LcErrorKind | 'invalid-record', MessageKey> = {
  offline: 'errorOffline',
  unauthorized: 'errorUnauthorized',
  forbidden: 'errorForbidden',
  'not-found': 'errorNotFound',
  conflict: 'errorConflict',
  invalid: 'errorInvalid',
  unavailable: 'errorUnavailable',
  unsupported: 'errorUnsupported',
  'invalid-record': 'errorInvalidRecord',
};

/** The translation key that explains an error kind to a person. */
export function errorMessageKey(kind: LcErrorKind | 'invalid-record'): MessageKey {
  return ERROR_KEYS[kind] ?? 'errorUnavailable';
}

/**
 * The translated message for an error: its reason's dedicated message when the adapter gave one
 * (`no-lms`, `storage-full`, `foreign-data`), else the message of its kind.
 */
export function errorMessage(lang: string, error: unknown): string {
  const e = LcAdapterError.from(error);
  const reason: LcErrorReason | undefined = e.reason;
  if (reason === 'no-lms') return translate(lang, 'errorNoLms');
  if (reason === 'storage-full') return translate(lang, 'errorStorageFull', Math.max(0, e.remaining ?? 0));
  if (reason === 'foreign-data') return translate(lang, 'errorForeignData');
  return translate(lang, errorMessageKey(e.kind));
}
