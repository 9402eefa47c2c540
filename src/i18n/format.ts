/** Intl helpers bound to a locale, for use inside message catalogues and elements. */

const cache = new Map<string, unknown>();
function cached<T>(key: string, make: () => T): T {
  let v = cache.get(key) as T | undefined;
  if (!v) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** Picks the CLDR plural form of `n` in `locale`; `other` is the fallback. */
export function plural(locale: string) {
  const rules = cached(`pr:${locale}`, () => new Intl.PluralRules(locale));
  return (n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string =>
    forms[rules.select(n)] ?? forms.other;
}

export function formatNumber(locale: string, n: number, options?: Intl.NumberFormatOptions): string {
  return cached(`nf:${locale}:${JSON.stringify(options ?? {})}`, () => new Intl.NumberFormat(locale, options)).format(n);
}

export function formatDate(
  locale: string,
  d: Date | string | number,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) return '';
  return cached(`df:${locale}:${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options)).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago", "in 2 days", "now": the largest unit that fits. */
export function formatRelative(locale: string, d: Date | string | number, now: number = Date.now()): string {
  const t = (d instanceof Date ? d : new Date(d)).getTime();
  if (Number.isNaN(t)) return '';
  const seconds = Math.round((t - now) / 1000);
  const rtf = cached(`rtf:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      if (unit === 'second' && Math.abs(seconds) < 45) return rtf.format(0, 'second');
      return rtf.format(Math.round(seconds / size), unit);
    }
  }
  return '';
}

export function formatList(locale: string, items: string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return cached(`lf:${locale}:${type}`, () => new Intl.ListFormat(locale, { style: 'long', type })).format(items);
}
