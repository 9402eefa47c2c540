import type { LcAdapter, LcErrorKind } from './adapter.js';
import { RecordStore, type StoreOptions } from './store.js';
import { LocalAdapter } from '../adapters/local.js';
import { translate } from '../i18n/localize.js';
import type { MessageKey } from '../i18n/en.js';

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

const stores = new WeakMap<LcAdapter, RecordStore>();
let storeOptions: StoreOptions = {};

/** The one store of an adapter: every element and provider using the adapter shares it. */
export function storeFor(adapter: LcAdapter): RecordStore {
  let store = stores.get(adapter);
  if (!store) {
    store = new RecordStore(adapter, {
      describe: (d) => translate(typeof document !== 'undefined' ? document.documentElement.lang || 'en' : 'en', errorMessageKey(d.kind)),
      ...storeOptions,
    });
    stores.set(adapter, store);
  }
  return store;
}

let pageAdapter: LcAdapter | undefined;

/**
 * Sets the page default used by elements outside any `<lc-provider>`. Without it they use the
 * local adapter (IndexedDB in this browser) on the `default` community.
 */
export function configure(options: { adapter?: LcAdapter; store?: StoreOptions }): void {
  if (options.store) storeOptions = options.store;
  if (options.adapter) pageAdapter = options.adapter;
}

/** The page default adapter (created on first use). */
export function defaultAdapter(): LcAdapter {
  pageAdapter ??= new LocalAdapter({ community: 'default' });
  return pageAdapter;
}

export function defaultStore(): RecordStore {
  return storeFor(defaultAdapter());
}
