import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type MessageKey, type Messages } from './en.js';
export type { MessageKey, Messages };
import { es } from './es.js';
import { formatDate, formatNumber, formatRelative, formatList } from './format.js';

type Catalogue = Record<string, unknown>;

const catalogues = new Map<string, Catalogue>([
  ['en', { ...en }],
  ['es', { ...es }],
]);

const connected = new Set<{ readonly host: ReactiveControllerHost }>();
let observer: MutationObserver | undefined;

function watchLang(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => {
    for (const c of connected) c.host.requestUpdate();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'], subtree: true });
}

/**
 * Adds or extends a locale. Keys you leave out fall back to the base language, then English.
 * `registerTranslation('fr', { $code: 'fr', loading: 'Chargement…', … })`.
 */
export function registerTranslation(code: string, messages: Partial<Messages> & Catalogue): void {
  const key = code.toLowerCase();
  catalogues.set(key, { ...catalogues.get(key), ...messages });
  for (const c of connected) c.host.requestUpdate();
}

/**
 * An element's own strings: English (the source of keys) and every built-in locale, complete.
 * Each element registers its bundle when its module loads, so an element's entry carries only
 * its own strings (the size budget is per element).
 */
export type MessageBundle<M extends Catalogue> = { en: M; es: { [K in keyof M]: M[K] } } & Record<string, Partial<M>>;

/** Registers an element's message bundle; returns its English catalogue (for typing). */
export function registerMessages<M extends Catalogue>(bundle: MessageBundle<M>): M {
  for (const [code, messages] of Object.entries(bundle)) {
    const key = code.toLowerCase();
    // Keys registered by the page (registerTranslation) win over built-in ones.
    catalogues.set(key, { ...messages, ...catalogues.get(key) });
  }
  return bundle.en;
}

/** Locales with a catalogue (built in: `en`, `es`). */
export function availableLocales(): string[] {
  return [...catalogues.keys()];
}

/** The nearest `lang`, looking through shadow roots up to `<html>`. */
export function langOf(node: Element): string {
  let el: Element | null = node;
  while (el) {
    const lang = el.getAttribute('lang');
    if (lang) return lang;
    el = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
  }
  return document.documentElement.lang || navigator.language || 'en';
}

/** Keys of the core catalogue plus an element's own (`M`). */
export type KeyOf<M extends object> = MessageKey | Exclude<keyof M & string, `$${string}`>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ArgsOf<T> = T extends (...args: any[]) => string ? Parameters<T> : [];
type Params<M extends object, K extends string> = K extends keyof M ? ArgsOf<M[K]> : K extends keyof Messages ? ArgsOf<Messages[K]> : never;

/** Looks a message up for a locale: exact (`es-mx`), then base (`es`), then English, then the key itself. */
export function translate<M extends object = object, K extends KeyOf<M> = KeyOf<M>>(locale: string, key: K, ...args: Params<M, K>): string {
  return lookup(locale, key, args);
}

function lookup(locale: string, key: string, args: unknown[]): string {
  const lower = locale.toLowerCase();
  const m = catalogues.get(lower)?.[key] ?? catalogues.get(lower.split('-')[0])?.[key] ?? catalogues.get('en')![key] ?? key;
  return typeof m === 'function' ? (m as (...a: unknown[]) => string)(...args) : String(m);
}

/**
 * Gives a Lit host `term()`, number, date and relative-time formatting in the locale of the
 * nearest `lang`, and re-renders it when any `lang` on the page changes.
 */
export class LocalizeController<M extends object = object> implements ReactiveController {
  constructor(readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this);
    watchLang();
  }

  hostDisconnected(): void {
    connected.delete(this);
  }

  /** The element's locale, e.g. `es-MX`. */
  get lang(): string {
    return langOf(this.host);
  }

  /** `rtl` or `ltr` from the nearest `dir`, falling back to the locale's direction. */
  get dir(): 'ltr' | 'rtl' {
    let el: Element | null = this.host;
    while (el) {
      const dir = el.getAttribute('dir');
      if (dir === 'rtl' || dir === 'ltr') return dir;
      el = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);
    }
    return (catalogues.get(this.lang.toLowerCase().split('-')[0])?.$dir as 'ltr' | 'rtl' | undefined) ?? 'ltr';
  }

  term<K extends KeyOf<M>>(key: K, ...args: Params<M, K>): string {
    return lookup(this.lang, key, args);
  }

  number(n: number, options?: Intl.NumberFormatOptions): string {
    return formatNumber(this.lang, n, options);
  }

  date(d: Date | string | number, options?: Intl.DateTimeFormatOptions): string {
    return formatDate(this.lang, d, options);
  }

  relativeTime(d: Date | string | number, now?: number): string {
    return formatRelative(this.lang, d, now);
  }

  list(items: string[], type?: 'conjunction' | 'disjunction'): string {
    return formatList(this.lang, items, type);
  }
}
