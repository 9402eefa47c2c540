import { css, html, nothing, unsafeCSS, type TemplateResult } from 'lit';

export type AvatarSize = 's' | 'm' | 'l';

export interface AvatarOptions {
  /** The person's display name; used for initials and the background colour. */
  name: string;
  /** An http(s) or `data:image/` URL. Anything else is ignored. */
  src?: string;
  size?: AvatarSize;
  /** Accessible name. Without it the avatar is decorative (`aria-hidden`). */
  label?: string;
}

/**
 * Background colours for initials. Each has at least 6:1 contrast with the white initials, so
 * they stay readable in both themes.
 */
export const AVATAR_COLORS: readonly string[] = [
  '#1f5fbf',
  '#6a3fb5',
  '#a3266b',
  '#b3261e',
  '#8a4b00',
  '#1a7230',
  '#0f6e6e',
  '#3d5a80',
  '#5c4d99',
  '#7a3e3e',
  '#2e6b4f',
  '#4b5563',
];

/** True for URLs an avatar may load: `http:`, `https:` and `data:image/…`. */
export function isSafeImageSrc(src: string | undefined): src is string {
  return !!src && /^(https?:\/\/|data:image\/)/i.test(src.trim());
}

const segmenter =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

function firstGrapheme(word: string): string {
  if (segmenter) {
    for (const { segment } of segmenter.segment(word)) return segment;
    return '';
  }
  return Array.from(word)[0] ?? '';
}

/** Up to two initials: the first letters of the first and last words ("Ana María López" → "AL"). */
export function initials(name: string): string {
  const words = (name ?? '')
    .normalize('NFC')
    .split(/\s+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+/u, ''))
    .filter(Boolean);
  if (!words.length) return '?';
  const first = firstGrapheme(words[0]);
  // The last word that starts with a letter ("Seeder 17" → "S", not "S1").
  const tail = words.slice(1).filter((w) => /^\p{L}/u.test(w));
  const last = tail.length ? firstGrapheme(tail[tail.length - 1]) : '';
  return (first + last).toLocaleUpperCase();
}

/** A stable index into `AVATAR_COLORS` for a name (FNV-1a over its code points). */
export function avatarColorIndex(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of (name ?? '').trim().toLowerCase().normalize('NFC')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % AVATAR_COLORS.length;
}

/** The background colour for a name's initials. */
export function avatarColor(name: string): string {
  return AVATAR_COLORS[avatarColorIndex(name)];
}

function onImageError(e: Event): void {
  (e.target as HTMLImageElement).hidden = true;
}
function onImageLoad(e: Event): void {
  (e.target as HTMLImageElement).hidden = false;
}

/**
 * An avatar: the picture when `src` is safe, over the person's initials on a colour derived from
 * their name (shown if the picture is missing or fails to load). Part: `avatar`.
 */
export function avatar({ name, src, size = 'm', label }: AvatarOptions): TemplateResult {
  const safe = isSafeImageSrc(src) ? src.trim() : undefined;
  return html`<span
    class="avatar avatar--${size} avatar--c${avatarColorIndex(name)}"
    part="avatar"
    role=${label ? 'img' : nothing}
    aria-label=${label || nothing}
    aria-hidden=${label ? nothing : 'true'}
    ><span class="avatar__initials">${initials(name)}</span>${
      safe
        ? html`<img class="avatar__img" src=${safe} alt="" loading="lazy" decoding="async" @error=${onImageError} @load=${onImageLoad} />`
        : nothing
    }</span
  >`;
}

export const avatarStyles = css`
  .avatar {
    position: relative;
    display: inline-grid;
    place-items: center;
    flex: none;
    inline-size: 2rem;
    block-size: 2rem;
    border-radius: 50%;
    overflow: hidden;
    color: #fff;
    font-size: 0.8125rem;
    font-weight: 700;
    line-height: 1;
    user-select: none;
    vertical-align: middle;
  }
  .avatar--s {
    inline-size: 1.5rem;
    block-size: 1.5rem;
    font-size: 0.625rem;
  }
  .avatar--l {
    inline-size: 3rem;
    block-size: 3rem;
    font-size: 1.125rem;
  }
  .avatar__img {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }
  ${unsafeCSS(AVATAR_COLORS.map((c, i) => `.avatar--c${i}{background:${c}}`).join(''))}
  @media (forced-colors: active) {
    .avatar {
      border: 1px solid CanvasText;
    }
  }
`;
