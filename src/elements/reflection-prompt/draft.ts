import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LcAdapterError, LcDraftStore } from '../../core/adapter.js';
import { parseDraft, type Draft } from './model.js';

/** The adapter's own draft storage (`LcAdapter.drafts`, e.g. SCORM `suspend_data`) and the key there. */
export interface RemoteDrafts {
  store: LcDraftStore;
  key: string;
}

export type DraftStorage = 'local' | 'memory';

/** Used when localStorage is missing or throws (private mode, quota, sandboxed iframes). */
const memory = new Map<string, string>();

function local(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Drafts in localStorage: synchronous (nothing is lost to a closing tab), kept across reloads and
 * independent of the adapter, so a remote backend being down never costs typed text.
 */
export const drafts = {
  load(key: string): Draft | undefined {
    let raw: string | null | undefined = memory.get(key);
    try {
      raw ??= local()?.getItem(key);
    } catch {
      /* unreadable storage: memory only */
    }
    return parseDraft(raw);
  },
  save(key: string, draft: Draft): DraftStorage {
    const json = JSON.stringify(draft);
    try {
      const s = local();
      if (!s) throw new Error('no localStorage');
      s.setItem(key, json);
      memory.delete(key);
      return 'local';
    } catch {
      memory.set(key, json);
      return 'memory';
    }
  },
  clear(key: string): void {
    memory.delete(key);
    try {
      local()?.removeItem(key);
    } catch {
      /* nothing stored there */
    }
  },
  /** The newer (by `savedAt`) of the device's draft and the adapter's, when the adapter keeps drafts. */
  loadNewest(key: string, remote?: RemoteDrafts): Draft | undefined {
    const here = drafts.load(key);
    let there: Draft | undefined;
    try {
      there = remote ? parseDraft(remote.store.load(remote.key)) : undefined;
    } catch {
      there = undefined;
    }
    if (!there) return here;
    if (!here) return there;
    return (there.savedAt ?? '') > (here.savedAt ?? '') ? there : here;
  },
};

/**
 * Keeps the host's draft at most `delay` ms behind the typing. The first change after a save
 * starts the timer and later changes ride along with it (a throttle: continuous typing cannot
 * postpone the save). Pending changes are written at once when the page is hidden or closed and
 * when the host leaves the page.
 */
export class DraftSaver implements ReactiveController {
  /** The storage key in use; `undefined` keeps nothing. */
  key?: string;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly onHide = () => {
    if (document.visibilityState !== 'visible') this.flush();
  };
  /** The page is going away (a removed LMS frame need not turn hidden first): write now. */
  private readonly onPageHide = () => this.flush();

  constructor(
    host: ReactiveControllerHost,
    /** Returns the draft to keep, or `undefined` to remove the stored one. */
    private readonly read: () => Draft | undefined,
    private readonly saved: (draft: Draft, storage: DraftStorage) => void,
    private readonly delay = 300,
    /** The adapter's draft storage, written in addition to this device's; its refusals go to `remoteFailed`. */
    private readonly remote: () => RemoteDrafts | undefined = () => undefined,
    private readonly remoteFailed: (error: LcAdapterError | undefined) => void = () => {},
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.onPageHide);
    // An adapter ending its session as the page goes (SCORM Terminate on pagehide) announces it
    // first: its pagehide listener may have been set up before this one, and the last keystrokes
    // must reach it before it closes.
    addEventListener('lc-session-end', this.onPageHide);
    document.addEventListener('visibilitychange', this.onHide);
  }

  hostDisconnected(): void {
    this.flush();
    removeEventListener('pagehide', this.onPageHide);
    removeEventListener('lc-session-end', this.onPageHide);
    document.removeEventListener('visibilitychange', this.onHide);
  }

  /** Notes a change; it is written within `delay` ms. */
  schedule(): void {
    this.timer ??= setTimeout(() => this.write(), this.delay);
  }

  /** Writes a scheduled change now. */
  flush(): void {
    if (this.timer !== undefined) this.write();
  }

  /** Writes the current draft now, scheduled or not. */
  write(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.key) return;
    const d = this.read();
    const remote = this.remote();
    if (!d) {
      drafts.clear(this.key);
      remote?.store.remove(remote.key);
      if (remote) this.remoteFailed(undefined);
      return;
    }
    const storage = drafts.save(this.key, d);
    if (remote) this.remoteFailed(remote.store.save(remote.key, JSON.stringify(d)) || undefined);
    this.saved(d, storage);
  }

  /** Forgets a scheduled change without writing it. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
