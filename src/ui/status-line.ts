import { css, html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import type { Term } from './types.js';

export type WriteStatus = 'pending' | 'queued' | 'saved' | 'failed';

export interface StatusLineOptions {
  /** The write state of what the line reports on; leave out when nothing was written yet. */
  state?: WriteStatus;
  /** Shown after "Not saved" when `state` is `failed`. */
  errorMessage?: string;
  /** True while the browser is offline. */
  offline?: boolean;
  /** Writes waiting in the outbox. */
  pendingCount?: number;
  /** Called by the Try again button (shown only for `failed`). */
  onRetry?: () => void;
  term: Term;
}

type Kind = 'idle' | 'pending' | 'queued' | 'offline' | 'saved' | 'failed';

const icon = (body: SVGTemplateResult, cls = ''): TemplateResult =>
  html`<svg class="icon status__icon ${cls}" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;

const ICONS: Record<Exclude<Kind, 'idle'>, TemplateResult> = {
  pending: icon(svg`<path d="M12 3a9 9 0 1 0 9 9" />`, 'status__spin'),
  saved: icon(svg`<path d="M4 12.5l5 5L20 6.5" />`),
  queued: icon(
    svg`<path d="M7 18h10a4 4 0 0 0 .5-7.97A6 6 0 0 0 6 9.5 4.25 4.25 0 0 0 7 18z" /><path d="M12 10v5m-2.5-2.5L12 15l2.5-2.5" />`,
  ),
  offline: icon(svg`<path d="M7 18h10a4 4 0 0 0 2.6-7M16 6.7A6 6 0 0 0 6 9.5 4.25 4.25 0 0 0 7 18" /><path d="M3 3l18 18" />`),
  failed: icon(svg`<path d="M12 3L2 20h20L12 3z" /><path d="M12 10v4m0 3v.01" />`),
};

function kindOf({ state, offline, pendingCount = 0 }: StatusLineOptions): Kind {
  if (state === 'failed') return 'failed';
  if (offline) return state === 'pending' || state === 'queued' ? 'queued' : 'offline';
  if (state) return state;
  return pendingCount > 0 ? 'queued' : 'idle';
}

/**
 * A write status line: an icon and text for saving, saved, offline (kept on this device, will
 * sync) and failed (with the error and a Try again button). Never colour alone. The text sits
 * in a polite live region, so place the line in the template permanently (it renders empty
 * when there is nothing to say) and screen readers hear each change. Part: `status`.
 */
export function statusLine(options: StatusLineOptions): TemplateResult {
  const { term, errorMessage, onRetry, pendingCount = 0 } = options;
  const kind = kindOf(options);
  let text = '';
  let detail = '';
  switch (kind) {
    case 'pending':
      text = term('statusSaving');
      break;
    case 'saved':
      text = term('statusSaved');
      break;
    case 'queued':
      text = term('statusQueued');
      break;
    case 'offline':
      text = term('statusOffline');
      break;
    case 'failed':
      text = term('statusFailed');
      detail = errorMessage ?? '';
      break;
  }
  if ((kind === 'queued' || kind === 'offline') && pendingCount > 0) detail = term('pendingWrites', pendingCount);
  return html`<div class="status status--${kind}" part="status">
    <span class="status__live" role="status" aria-live="polite"
      >${
        kind === 'idle'
          ? nothing
          : html`${ICONS[kind]}<span class="status__text">${text}</span>${
                detail ? html` <span class="status__detail">${detail}</span>` : nothing
              }`
      }</span
    >${
      kind === 'failed' && onRetry
        ? html`<button type="button" class="btn btn--ghost status__retry" part="status-retry" @click=${() => onRetry()}>
            ${term('retry')}
          </button>`
        : nothing
    }
  </div>`;
}

export const statusLineStyles = css`
  .status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-xs, 0.25rem) var(--_space-s, 0.5rem);
    min-block-size: 1.5em;
    color: var(--_text-muted);
    font-size: var(--_font-size-s, 0.875rem);
  }
  .status__live {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-xs, 0.25rem);
  }
  .status--saved .status__icon {
    color: var(--_success);
  }
  .status--queued .status__icon,
  .status--offline .status__icon {
    color: var(--_warning);
  }
  .status--failed .status__live {
    color: var(--_danger);
    font-weight: 600;
  }
  .status__detail {
    font-weight: 400;
  }
  .status__spin {
    animation: lc-status-spin 0.9s linear infinite;
  }
  @keyframes lc-status-spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .status__spin {
      animation: none;
    }
  }
`;
