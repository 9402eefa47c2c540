import { css, html, nothing, svg, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { LocalizeController } from '../i18n/localize.js';

export interface UndoAction {
  /** What happened, e.g. `term('deleted')`. Shown in the toast and announced. */
  message: string;
  /** Does the deferred work (e.g. the real delete). Runs after `ms`, on Dismiss, or on disconnect. */
  commit: () => void | Promise<void>;
  /** Puts things back; runs when the user presses Undo. Restore focus here if it matters. */
  undo?: () => void;
  /** How long Undo is offered (default 6000 ms). Paused while the toast is hovered or focused. */
  ms?: number;
}

/** How a scheduled action ended. */
export type UndoOutcome = 'committed' | 'undone';

interface Pending {
  action: UndoAction;
  resolve: (o: UndoOutcome) => void;
  reject: (e: unknown) => void;
  timer?: ReturnType<typeof setTimeout>;
  remaining: number;
  started: number;
}

const closeIcon = svg`<path d="M6 6l12 12M18 6L6 18" />`;

/**
 * Deferred actions with Undo: `schedule()` shows a toast (place `controller.render()` in the
 * host's template) and runs `commit` after `ms` unless the user presses Undo. Scheduling a new
 * action, pressing Dismiss, the host leaving the page, or the page itself going away
 * (`pagehide`) commits the pending one at once: a delete the user asked for is never silently dropped. Announcements go through a polite live
 * region. Parts: `undo`, `toast`, `toast__undo`, `toast__dismiss`.
 */
export class UndoController implements ReactiveController {
  private readonly localize: LocalizeController;
  private pending?: Pending;
  private announcement = '';
  private hovered = false;
  private focused = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
    this.localize = new LocalizeController(host);
  }

  // Leaving or reloading the page does not disconnect the host: commit then too (the write goes
  // through the outbox, so it survives the page going away).
  private readonly onPageHide = () => void this.commitNow();

  hostConnected(): void {
    window.addEventListener('pagehide', this.onPageHide);
  }

  hostDisconnected(): void {
    window.removeEventListener('pagehide', this.onPageHide);
    void this.commitNow();
  }

  /** True while an action waits for its commit. */
  get active(): boolean {
    return !!this.pending;
  }

  /**
   * Schedules an action. The promise settles with how it ended and rejects when `commit` throws
   * (a rejection nobody awaits is not reported as unhandled).
   */
  schedule(action: UndoAction): Promise<UndoOutcome> {
    if (this.pending) void this.commitNow();
    const promise = new Promise<UndoOutcome>((resolve, reject) => {
      const ms = action.ms ?? 6000;
      this.pending = { action, resolve, reject, remaining: ms, started: 0 };
    });
    promise.catch(() => {});
    this.hovered = this.focused = false;
    this.start();
    this.announce(action.message);
    return promise;
  }

  /** Cancels the pending action and runs its `undo`. */
  undo(): void {
    const p = this.take();
    if (!p) return;
    try {
      p.action.undo?.();
    } finally {
      this.announce(this.localize.term('undone'));
      p.resolve('undone');
    }
  }

  /** Runs the pending action's `commit` now. */
  async commitNow(): Promise<void> {
    const p = this.take();
    if (!p) return;
    try {
      await p.action.commit();
      p.resolve('committed');
    } catch (e) {
      p.reject(e);
    }
  }

  private take(): Pending | undefined {
    const p = this.pending;
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.pending = undefined;
    this.host.requestUpdate();
    return p;
  }

  private announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
    this.host.requestUpdate();
  }

  private start(): void {
    const p = this.pending;
    if (!p || p.timer !== undefined) return;
    p.started = Date.now();
    p.timer = setTimeout(() => void this.commitNow(), Math.max(0, p.remaining));
  }

  private pause(): void {
    const p = this.pending;
    if (!p || p.timer === undefined) return;
    clearTimeout(p.timer);
    p.timer = undefined;
    p.remaining -= Date.now() - p.started;
  }

  private readonly onEnter = (): void => {
    this.hovered = true;
    this.pause();
  };
  private readonly onLeave = (): void => {
    this.hovered = false;
    if (!this.focused) this.start();
  };
  private readonly onFocusIn = (): void => {
    this.focused = true;
    this.pause();
  };
  private readonly onFocusOut = (e: FocusEvent): void => {
    if ((e.currentTarget as Element).contains(e.relatedTarget as Node | null)) return;
    this.focused = false;
    if (!this.hovered) this.start();
  };

  /** The live region and, while an action is pending, the toast. Render it permanently. */
  render(): TemplateResult {
    const p = this.pending;
    const term = this.localize.term.bind(this.localize);
    return html`<div class="undo" part="undo">
      <div class="vh" role="status" aria-live="polite">${this.announcement}</div>
      ${
        p
          ? html`<div
              class="toast"
              part="toast"
              @mouseenter=${this.onEnter}
              @mouseleave=${this.onLeave}
              @focusin=${this.onFocusIn}
              @focusout=${this.onFocusOut}
            >
              <span class="toast__message">${p.action.message}</span>
              <button type="button" class="btn btn--ghost" part="toast__undo" @click=${() => this.undo()}>${term('undo')}</button>
              <button
                type="button"
                class="btn btn--ghost btn--icon"
                part="toast__dismiss"
                aria-label=${term('dismiss')}
                @click=${() => void this.commitNow()}
              >
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">${closeIcon}</svg>
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }
}

export const undoStyles = css`
  .toast {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s, 0.5rem);
    padding-block: var(--_space-xs, 0.25rem);
    padding-inline: var(--_space-m, 1rem) var(--_space-xs, 0.25rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-m, 8px);
    background: var(--_surface-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
    animation: lc-toast-in var(--_motion-duration, 160ms) var(--_motion-easing, ease-out);
  }
  .toast__message {
    flex: 1 1 auto;
  }
  @keyframes lc-toast-in {
    from {
      opacity: 0;
      transform: translateY(0.5rem);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .toast {
      animation: none;
    }
  }
`;
