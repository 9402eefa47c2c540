/** Test helpers shared by the project's own tests. */

import type { Change, LcAdapter } from '../src/core/adapter.js';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** A promise the test resolves by hand. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued microtasks and already-due macrotasks run (no timers involved beyond 0 ms). */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

/** Resolves with the next event of `type` on `target` that passes `filter`; fails after `timeout` ms. */
export function nextEvent<E extends Event = Event>(
  target: EventTarget,
  type: string,
  filter: (e: E) => boolean = () => true,
  timeout = 3000,
): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, on);
      reject(new Error(`no "${type}" event within ${timeout} ms`));
    }, timeout);
    const on = (e: Event) => {
      if (!filter(e as E)) return;
      clearTimeout(timer);
      target.removeEventListener(type, on);
      resolve(e as E);
    };
    target.addEventListener(type, on);
  });
}

/** Waits until `check` is true, polling each animation frame; fails after `timeout` ms. */
export async function until(check: () => boolean, timeout = 3000, what = 'condition'): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves with the next change on `collection` that `match` accepts, through the adapter's own watch; fails after `timeout` ms. */
export function nextChange(
  adapter: LcAdapter,
  collection: string,
  match: (c: Change) => boolean = () => true,
  timeout = 3000,
): Promise<Change> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching change on ${collection} within ${timeout} ms`));
    }, timeout);
    const stop = adapter.watch!(collection, {}, (c) => {
      if (!match(c)) return;
      clearTimeout(timer);
      stop();
      resolve(c);
    });
  });
}
