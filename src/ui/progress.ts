import { css, html, nothing, svg, type TemplateResult } from 'lit';

export interface ProgressOptions {
  value: number;
  max: number;
  /** Accessible name, e.g. "Credits this year". Shown as the bar's caption. */
  label: string;
  /** Visible text equivalent, e.g. "12 of 20 credits"; also the `aria-valuetext`. */
  text: string;
  /** The word that marks completion; pass `term('progressComplete')`. Defaults to English. */
  completeText?: string;
}

export interface ProgressRingOptions extends ProgressOptions {
  /** Diameter in CSS pixels (default 96). */
  size?: number;
}

export interface ClampedProgress {
  value: number;
  max: number;
  /** 0–100. */
  percent: number;
  complete: boolean;
}

/** Makes any numbers safe to show: max is finite and ≥ 0, value within 0…max, NaN becomes 0. */
export function clampProgress(value: number, max: number): ClampedProgress {
  const m = Number.isFinite(max) && max > 0 ? max : 0;
  const v = Number.isFinite(value) ? Math.min(Math.max(value, 0), m) : 0;
  const percent = m ? (v / m) * 100 : 0;
  return { value: v, max: m, percent, complete: m > 0 && v >= m };
}

const check = svg`<path d="M4 12.5l5 5L20 6.5" />`;
const checkIcon = html`<svg class="progress__check" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${check}</svg>`;

function valueText(text: string, complete: boolean, completeText: string): string {
  return complete ? `${text} (${completeText})` : text;
}

/**
 * A linear progress bar: a native `<progress>` named by `label`, with `text` shown beside it and
 * a check mark plus the word "Complete" once value reaches max. Parts: `progress`,
 * `progress__bar`, `progress__text`.
 */
export function progressBar({ value, max, label, text, completeText = 'Complete' }: ProgressOptions): TemplateResult {
  const p = clampProgress(value, max);
  return html`<div class="progress ${p.complete ? 'progress--complete' : ''}" part="progress">
    <div class="progress__caption">
      <span class="progress__label">${label}</span>
      <span class="progress__text" part="progress__text"
        >${text}${p.complete ? html` ${checkIcon}<span class="progress__done">${completeText}</span>` : nothing}</span
      >
    </div>
    <progress
      class="progress__bar"
      part="progress__bar"
      max=${p.max || 1}
      .value=${p.value}
      aria-label=${label}
      aria-valuetext=${valueText(text, p.complete, completeText)}
    ></progress>
  </div>`;
}

/**
 * A progress ring: an inline SVG inside a `role="progressbar"` with `aria-valuenow/min/max` and
 * `aria-valuetext`; the text sits in the middle, and a check mark plus "Complete" marks the end.
 * Parts: `progress-ring`, `progress-ring__text`.
 */
export function progressRing({ value, max, label, text, completeText = 'Complete', size = 96 }: ProgressRingOptions): TemplateResult {
  const p = clampProgress(value, max);
  const s = Number.isFinite(size) && size > 0 ? size : 96;
  return html`<div
    class="ring ${p.complete ? 'ring--complete' : ''}"
    part="progress-ring"
    role="progressbar"
    aria-label=${label}
    aria-valuemin="0"
    aria-valuemax=${p.max}
    aria-valuenow=${p.value}
    aria-valuetext=${valueText(text, p.complete, completeText)}
  >
    <svg class="ring__svg" width=${s} height=${s} viewBox="0 0 36 36" aria-hidden="true" focusable="false">
      <circle class="ring__track" cx="18" cy="18" r="15.5" pathLength="100" />
      <circle
        class="ring__fill"
        cx="18"
        cy="18"
        r="15.5"
        pathLength="100"
        stroke-dasharray="100 100"
        stroke-dashoffset=${100 - p.percent}
      />
    </svg>
    <span class="ring__text" part="progress-ring__text"
      >${p.complete ? checkIcon : nothing}<span>${text}</span>${
        p.complete ? html`<span class="progress__done">${completeText}</span>` : nothing
      }</span
    >
  </div>`;
}

export const progressStyles = css`
  .progress {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs, 0.25rem);
  }
  .progress__caption {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--_space-xs, 0.25rem) var(--_space-m, 1rem);
  }
  .progress__label {
    font-weight: 600;
  }
  .progress__text {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs, 0.25rem);
    color: var(--_text-muted);
  }
  .progress__done {
    color: var(--_text);
    font-weight: 600;
  }
  .progress__check {
    inline-size: 1.1em;
    block-size: 1.1em;
    flex: none;
    fill: none;
    stroke: var(--_success);
    stroke-width: 3;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .progress__bar {
    appearance: none;
    display: block;
    inline-size: 100%;
    block-size: 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-pill, 999px);
    background: var(--_surface-sunken);
    color: var(--_accent);
    overflow: hidden;
  }
  .progress__bar::-webkit-progress-bar {
    background: transparent;
  }
  .progress__bar::-webkit-progress-value {
    background: var(--_accent);
    border-radius: inherit;
    transition: inline-size var(--_motion-duration, 160ms) var(--_motion-easing, ease-out);
  }
  .progress__bar::-moz-progress-bar {
    background: var(--_accent);
    border-radius: inherit;
  }
  .progress--complete .progress__bar::-webkit-progress-value {
    background: var(--_success);
  }
  .progress--complete .progress__bar::-moz-progress-bar {
    background: var(--_success);
  }

  .ring {
    position: relative;
    display: inline-grid;
    place-items: center;
    vertical-align: middle;
  }
  .ring__svg {
    grid-area: 1 / 1;
    transform: rotate(-90deg);
  }
  .ring__track,
  .ring__fill {
    fill: none;
    stroke-width: 3.5;
  }
  .ring__track {
    stroke: var(--_surface-sunken);
  }
  .ring__fill {
    stroke: var(--_accent);
    transition: stroke-dashoffset var(--_motion-duration, 160ms) var(--_motion-easing, ease-out);
  }
  .ring--complete .ring__fill {
    stroke: var(--_success);
  }
  .ring__text {
    grid-area: 1 / 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    max-inline-size: 80%;
    font-size: var(--_font-size-s, 0.875rem);
    font-weight: 600;
    line-height: 1.2;
    text-align: center;
  }
  @media (prefers-reduced-motion: reduce) {
    .progress__bar::-webkit-progress-value,
    .ring__fill {
      transition: none;
    }
  }
  @media (forced-colors: active) {
    .ring__fill {
      stroke: Highlight;
    }
    .ring__track {
      stroke: GrayText;
    }
  }
`;
