import type { LcAdapter, Viewer } from '../../core/adapter.js';
import { LocalAdapter } from '../../adapters/local.js';
import { MemoryAdapter, MemoryBackend } from '../../adapters/memory.js';

/** What a provider knows when it makes an adapter from its attributes. */
export interface AdapterConfig {
  community: string;
  endpoint?: string;
  /** Identity given by the page (`user-id`, `user-name`, `user-roles`), for adapters without their own. */
  viewer?: Partial<Viewer> & { id: string };
  /** The provider element, for adapters that read more attributes (e.g. `token`). */
  host: HTMLElement;
}

export type AdapterFactory = (config: AdapterConfig) => LcAdapter;

const memoryBackends = new Map<string, MemoryBackend>();

const factories = new Map<string, AdapterFactory>([
  ['local', (c) => new LocalAdapter({ community: c.community, viewer: c.viewer })],
  [
    'memory',
    (c) => {
      // Providers on one page with the same community share one in-memory backend.
      let backend = memoryBackends.get(c.community);
      if (!backend) memoryBackends.set(c.community, (backend = new MemoryBackend()));
      return new MemoryAdapter({ community: c.community, viewer: c.viewer, backend });
    },
  ],
]);

/**
 * Makes `<lc-provider adapter="NAME">` available for another adapter (the REST and LMS adapters
 * register themselves this way, so the provider does not bundle them).
 */
export function registerAdapter(name: string, factory: AdapterFactory): void {
  const known = factories.has(name);
  factories.set(name, factory);
  // A provider already on the page that named this adapter before it was registered picks it up.
  if (!known) changed();
}

const listeners = new Set<() => void>();
let wrapperGeneration = 0;

function changed(): void {
  for (const listener of [...listeners]) listener();
}

/**
 * Calls `listener` whenever an adapter or wrapper is registered (a module loaded after the
 * providers on the page upgraded, e.g. `import 'lc-elements/adapters/xapi.js'` after `all.js`).
 * Returns the unsubscribe function.
 */
export function onAdapterRegistry(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Grows with every wrapper registered: part of a provider's adapter cache key. */
export function adapterWrapperGeneration(): number {
  return wrapperGeneration;
}

export function adapterFactory(name: string): AdapterFactory | undefined {
  return factories.get(name);
}

/** Wraps the adapter a provider made, or returns it unchanged (e.g. xAPI reporting when `xapi-endpoint` is set). */
export type AdapterWrapper = (adapter: LcAdapter, config: AdapterConfig) => LcAdapter;

const wrappers: AdapterWrapper[] = [];

/**
 * Adds a wrapper that every provider applies, in registration order, to the adapter it made from its
 * attributes (not to an adapter object set as a property: a developer composes those themselves).
 */
export function registerAdapterWrapper(wrapper: AdapterWrapper): void {
  if (wrappers.includes(wrapper)) return;
  wrappers.push(wrapper);
  wrapperGeneration++;
  changed();
}

export function applyAdapterWrappers(adapter: LcAdapter, config: AdapterConfig): LcAdapter {
  return wrappers.reduce((a, wrap) => wrap(a, config), adapter);
}
