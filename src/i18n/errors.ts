import type { LcErrorKind } from '../core/adapter.js';
import type { MessageKey } from './en.js';

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
