import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Design tokens and shared styles.
 *
 * ## Public tokens (set them on the page to theme; the library never sets them)
 *
 * They inherit into every shadow root, so `lc-provider { --lc-color-accent: #7a1f5c }` themes
 * everything inside it. Inside, each element reads a private `--_*` intermediate, defined on its
 * `:host` as `var(--lc-…, <theme default>)`; colours are `--_<name>` (`--_accent`), the rest
 * `--_<category>-<name>` (`--_space-m`).
 *
 * Colours (defaults differ for light and dark; both meet WCAG 2.2 AA):
 * - `--lc-color-accent` — links, primary buttons, selection, progress fill.
 * - `--lc-color-accent-contrast` — text and icons on the accent colour.
 * - `--lc-color-text` — body text.
 * - `--lc-color-text-muted` — secondary text (meta lines, hints); still 4.5:1 on every surface.
 * - `--lc-color-surface` — the element's background.
 * - `--lc-color-surface-raised` — cards, popups, toasts.
 * - `--lc-color-surface-sunken` — wells, tracks, chips, input backgrounds.
 * - `--lc-color-border` — control and card borders (3:1 against surfaces).
 * - `--lc-color-danger` — errors, destructive actions.
 * - `--lc-color-danger-contrast` — text on the danger colour.
 * - `--lc-color-success` — saved / complete marks (always with text or an icon).
 * - `--lc-color-warning` — offline / queued marks (always with text or an icon).
 * - `--lc-color-focus` — the keyboard focus ring (3:1 against surfaces).
 *
 * Type:
 * - `--lc-font-body` — font family; defaults to `inherit`, so the page's font wins.
 * - `--lc-font-size-s`, `-m`, `-l`, `-xl`, `-display` — type scale (0.875, 1, 1.125, 1.375, 2 rem).
 *
 * Space, shape, depth, motion:
 * - `--lc-space-xs`, `-s`, `-m`, `-l`, `-xl` — spacing scale (0.25, 0.5, 1, 1.5, 2 rem).
 * - `--lc-radius-s`, `-m`, `-l`, `-pill` — corner radii (4px, 8px, 12px, 999px).
 * - `--lc-shadow-raised` — shadow of raised surfaces (popups, toasts).
 * - `--lc-motion-duration` — transition length (160ms; 0s under `prefers-reduced-motion`).
 * - `--lc-motion-easing` — transition timing function.
 *
 * ## Theme selection
 *
 * The base element sets `data-lc-theme` on its host: `light` and `dark` force a palette; `auto`
 * (or no attribute) follows `prefers-color-scheme`. Internal pieces (such as `lc-person-picker`)
 * do not define the tiers; they inherit the `--_*` values of the element they sit in.
 */

/** A palette: the default value of every colour token plus the raised-surface shadow. */
export interface Palette {
  accent: string;
  'accent-contrast': string;
  text: string;
  'text-muted': string;
  surface: string;
  'surface-raised': string;
  'surface-sunken': string;
  border: string;
  danger: string;
  'danger-contrast': string;
  success: string;
  warning: string;
  focus: string;
  shadow: string;
}

/**
 * Default palettes. Checked contrasts (lowest over surface, raised and sunken):
 * light — text 14.8, muted 6.2, accent 5.5, danger 5.9, success 5.5, warning 5.4, border 3.1,
 * focus 5.5, accent-contrast on accent 6.1, danger-contrast on danger 6.5;
 * dark — text 12.7, muted 7.0, accent 7.0, danger 6.7, success 8.7, warning 9.1, border 4.0,
 * focus 7.6, accent-contrast on accent 8.3, danger-contrast on danger 8.6.
 */
export const PALETTES: Readonly<Record<'light' | 'dark', Readonly<Palette>>> = {
  light: {
    accent: '#1f5fbf',
    'accent-contrast': '#ffffff',
    text: '#1c2026',
    'text-muted': '#545c66',
    surface: '#ffffff',
    'surface-raised': '#ffffff',
    'surface-sunken': '#f2f4f7',
    border: '#858c96',
    danger: '#b3261e',
    'danger-contrast': '#ffffff',
    success: '#1a7230',
    warning: '#8a5a00',
    focus: '#1f5fbf',
    shadow: '0 1px 2px rgb(0 0 0 / 0.12), 0 4px 12px rgb(0 0 0 / 0.12)',
  },
  dark: {
    accent: '#7cb0ff',
    'accent-contrast': '#0c1424',
    text: '#e8eaed',
    'text-muted': '#a9b0ba',
    surface: '#17191d',
    'surface-raised': '#22252b',
    'surface-sunken': '#101215',
    border: '#7a828d',
    danger: '#ff8a80',
    'danger-contrast': '#1a0705',
    success: '#6fd88a',
    warning: '#f0c060',
    focus: '#8ab8ff',
    shadow: '0 1px 2px rgb(0 0 0 / 0.5), 0 4px 16px rgb(0 0 0 / 0.5)',
  },
};

const themeVars = (p: Readonly<Palette>): CSSResult =>
  unsafeCSS(
    Object.entries(p)
      .map(([k, v]) => `--_theme-${k}:${v};`)
      .join('') + `color-scheme:${p === PALETTES.dark ? 'dark' : 'light'};`,
  );

const COLOR_NAMES = Object.keys(PALETTES.light).filter((k) => k !== 'shadow');
const colorVars = unsafeCSS(COLOR_NAMES.map((k) => `--_${k}:var(--lc-color-${k},var(--_theme-${k}));`).join(''));

/**
 * `:host` basics and the token tiers. Every top-level element includes it first.
 * Sets display, box sizing, font, text and background colours, and honours `[hidden]`.
 */
export const hostStyles = css`
  :host {
    ${themeVars(PALETTES.light)}
    ${colorVars}
    --_font-body: var(--lc-font-body, inherit);
    --_font-size-s: var(--lc-font-size-s, 0.875rem);
    --_font-size-m: var(--lc-font-size-m, 1rem);
    --_font-size-l: var(--lc-font-size-l, 1.125rem);
    --_font-size-xl: var(--lc-font-size-xl, 1.375rem);
    --_font-size-display: var(--lc-font-size-display, 2rem);
    --_space-xs: var(--lc-space-xs, 0.25rem);
    --_space-s: var(--lc-space-s, 0.5rem);
    --_space-m: var(--lc-space-m, 1rem);
    --_space-l: var(--lc-space-l, 1.5rem);
    --_space-xl: var(--lc-space-xl, 2rem);
    --_radius-s: var(--lc-radius-s, 4px);
    --_radius-m: var(--lc-radius-m, 8px);
    --_radius-l: var(--lc-radius-l, 12px);
    --_radius-pill: var(--lc-radius-pill, 999px);
    --_shadow-raised: var(--lc-shadow-raised, var(--_theme-shadow));
    --_motion-duration: var(--lc-motion-duration, 160ms);
    --_motion-easing: var(--lc-motion-easing, cubic-bezier(0.2, 0, 0, 1));

    display: block;
    box-sizing: border-box;
    font-family: var(--_font-body);
    font-size: var(--_font-size-m);
    color: var(--_text);
    background: var(--_surface);
    -webkit-text-size-adjust: 100%;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([data-lc-theme='light'])) {
      ${themeVars(PALETTES.dark)}
    }
  }
  :host([data-lc-theme='dark']) {
    ${themeVars(PALETTES.dark)}
  }
  :host([hidden]) {
    display: none !important;
  }
  @media (prefers-reduced-motion: reduce) {
    :host {
      --_motion-duration: 0s;
    }
  }
`;

/**
 * Shared control styles for shadow roots: focus ring, buttons (`.btn`, `.btn--primary`,
 * `.btn--ghost`, `.btn--danger`, `.btn--icon`), text fields, field labels and messages
 * (`.field`, `.label`, `.hint`, `.error`), `.vh` (visually hidden) and reduced motion.
 */
export const sharedStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }

  :where(a, button, input, select, textarea, summary, [tabindex]):focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  :where(a, button, input, select, textarea, summary, [tabindex]):focus:not(:focus-visible) {
    outline: none;
  }
  a {
    color: var(--_accent);
    text-underline-offset: 0.15em;
  }

  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--_space-xs);
    min-block-size: max(24px, 2.25rem);
    min-inline-size: max(24px, 2.25rem);
    padding-block: var(--_space-xs);
    padding-inline: var(--_space-m);
    margin: 0;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-m);
    background: var(--_surface-raised);
    color: var(--_text);
    font: inherit;
    font-weight: 600;
    line-height: 1.2;
    text-align: center;
    text-decoration: none;
    cursor: pointer;
    transition:
      background-color var(--_motion-duration) var(--_motion-easing),
      border-color var(--_motion-duration) var(--_motion-easing);
  }
  .btn:hover {
    background: color-mix(in srgb, var(--_text) 8%, var(--_surface-raised));
  }
  .btn--primary {
    border-color: transparent;
    background: var(--_accent);
    color: var(--_accent-contrast);
  }
  .btn--primary:hover {
    background: color-mix(in srgb, var(--_accent) 85%, var(--_text));
  }
  .btn--danger {
    border-color: transparent;
    background: var(--_danger);
    color: var(--_danger-contrast);
  }
  .btn--danger:hover {
    background: color-mix(in srgb, var(--_danger) 85%, var(--_text));
  }
  .btn--ghost {
    border-color: transparent;
    background: transparent;
    color: var(--_accent);
  }
  .btn--ghost:hover {
    background: color-mix(in srgb, var(--_accent) 10%, transparent);
  }
  .btn--icon {
    padding-inline: var(--_space-xs);
  }
  .btn:disabled,
  .btn[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  /* Line icons (inline SVG drawn with strokes): in buttons, status lines, anywhere with .icon */
  .btn svg,
  .icon {
    inline-size: 1.25em;
    block-size: 1.25em;
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  .input,
  :where(
    input:not([type]),
    input[type='text'],
    input[type='search'],
    input[type='email'],
    input[type='url'],
    input[type='number'],
    input[type='tel'],
    input[type='date'],
    input[type='time'],
    input[type='datetime-local'],
    textarea,
    select
  ) {
    display: block;
    inline-size: 100%;
    min-block-size: max(24px, 2.5rem);
    margin: 0;
    padding-block: var(--_space-s);
    padding-inline: var(--_space-s);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
    line-height: 1.4;
  }
  :where(textarea) {
    resize: vertical;
  }
  ::placeholder {
    color: var(--_text-muted);
    opacity: 1;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    box-shadow: inset 0 0 0 1px var(--_danger);
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
  }
  .label {
    font-weight: 600;
  }
  .hint {
    color: var(--_text-muted);
    font-size: var(--_font-size-s);
    margin: 0;
  }
  .error {
    display: flex;
    align-items: flex-start;
    gap: var(--_space-xs);
    color: var(--_danger);
    font-size: var(--_font-size-s);
    font-weight: 600;
    margin: 0;
  }

  .vh:not(:focus):not(:active) {
    position: absolute !important;
    inline-size: 1px !important;
    block-size: 1px !important;
    margin: -1px !important;
    padding: 0 !important;
    border: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    white-space: nowrap !important;
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      animation-iteration-count: 1 !important;
      transition-duration: 0.01ms !important;
      scroll-behavior: auto !important;
    }
  }
  @media (forced-colors: active) {
    .btn {
      border-color: ButtonText;
    }
    :where(a, button, input, select, textarea, summary, [tabindex]):focus-visible {
      outline-color: Highlight;
    }
  }
`;
