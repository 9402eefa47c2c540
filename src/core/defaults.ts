import type { LcAdapter } from './adapter.js';
import { RecordStore, type StoreOptions } from './store.js';
import { LocalAdapter } from '../adapters/local.js';

const stores = new WeakMap<LcAdapter, RecordStore>();
let storeOptions: StoreOptions = {};

/** The one store of an adapter: every element and provider using the adapter shares it. */
export function storeFor(adapter: LcAdapter): RecordStore {
  let store = stores.get(adapter);
  if (!store) {
    // The store's own lc-error messages are for developers; elements re-translate for people.
    store = new RecordStore(adapter, storeOptions);
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
