import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type MessageKey, type Messages } from './en.js';
import { es } from './es.js';
import { formatDate, formatNumber, formatRelative, formatList } from './format.js';

const catalogues = new Map<string, Partial<Messages>>([
  ['en', en],
  ['es', es],
]);

const connected = new Set<LocalizeController>();
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
export function registerTranslation(code: string, messages: Partial<Messages>): void {
  const key = code.toLowerCase();
  catalogues.set(key, { ...catalogues.get(key), ...messages });
  for (const c of connected) c.host.requestUpdate();
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

type Params<K extends MessageKey> = Messages[K] extends (...args: infer P) => string ? P : [];

/** Looks a message up for a locale: exact (`es-mx`), then base (`es`), then English. */
export function translate<K extends MessageKey>(locale: string, key: K, ...args: Params<K>): string {
  const lower = locale.toLowerCase();
  const m = catalogues.get(lower)?.[key] ?? catalogues.get(lower.split('-')[0])?.[key] ?? en[key];
  return typeof m === 'function' ? (m as (...a: unknown[]) => string)(...args) : (m as string);
}

/**
 * Gives a Lit host `term()`, number, date and relative-time formatting in the locale of the
 * nearest `lang`, and re-renders it when any `lang` on the page changes.
 */
export class LocalizeController implements ReactiveController {
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

  term<K extends MessageKey>(key: K, ...args: Params<K>): string {
    return translate(this.lang, key, ...args);
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
