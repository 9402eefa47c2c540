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
  factories.set(name, factory);
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
  if (!wrappers.includes(wrapper)) wrappers.push(wrapper);
}

export function applyAdapterWrappers(adapter: LcAdapter, config: AdapterConfig): LcAdapter {
  return wrappers.reduce((a, wrap) => wrap(a, config), adapter);
}
