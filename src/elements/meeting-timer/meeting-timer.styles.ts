import { css } from 'lit';

export const styles = css`
  :host {
    --_timer-accent: var(--lc-meeting-timer-accent, var(--_accent));
    --_over: var(--lc-meeting-timer-overtime-color, var(--_danger));
    --_time-size: var(--lc-meeting-timer-time-size, 3.75rem);
    --_ring-size: var(--lc-meeting-timer-ring-size, 15rem);
    --_flash: var(--lc-meeting-timer-flash-color, color-mix(in srgb, var(--_timer-accent) 30%, transparent));
  }
  .base {
    display: grid;
    gap: var(--_space-m);
    padding: var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-l);
    background: var(--_surface);
  }
  p {
    margin: 0;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: var(--_space-s);
  }
  .step,
  .meta,
  .hint {
    color: var(--_text-muted);
    font-size: var(--_font-size-s);
  }
  .title {
    font-size: var(--_font-size-xl);
    font-weight: 700;
    line-height: 1.25;
  }
  .toolbar,
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs);
  }
  .controls {
    justify-content: center;
    gap: var(--_space-s);
  }
  .btn[aria-pressed='true'] {
    background: var(--_surface-sunken);
    border-color: var(--_text);
  }
  .face {
    display: grid;
    place-items: center;
    justify-self: center;
    border-radius: 50%;
  }
  .face > * {
    grid-area: 1 / 1;
  }
  .ring__svg {
    inline-size: var(--_ring-size);
    block-size: var(--_ring-size);
  }
  .ring__text {
    display: none;
  }
  .ring__fill {
    stroke: var(--_timer-accent);
  }
  .over .ring__fill {
    stroke: var(--_over);
  }
  .clock {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--_space-xs);
  }
  .time {
    direction: ltr;
    unicode-bidi: isolate;
    font-size: var(--_time-size);
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    line-height: 1;
  }
  .time--long {
    font-size: calc(var(--_time-size) * 0.7);
  }
  .label {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs);
    color: var(--_text-muted);
    font-weight: 600;
  }
  .over .time,
  .over .label {
    color: var(--_over);
  }
  .icon {
    inline-size: 1.2em;
    block-size: 1.2em;
  }
  .flip:dir(rtl) {
    transform: scaleX(-1);
  }
  /* UI text keeps its own direction inside a right-to-left page (and the reverse) */
  .base :where(p, li, dd, summary, td, th, span, .btn, .link) {
    unicode-bidi: plaintext;
  }
  .guidance {
    padding: var(--_space-s) var(--_space-m);
    border-radius: var(--_radius-m);
    background: var(--_surface-sunken);
    line-height: 1.5;
  }
  .guidance ul {
    display: grid;
    gap: var(--_space-xs);
    margin: 0;
    padding-inline-start: 1.25em;
  }
  ::slotted(lc-segment) {
    display: block;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--_space-xs) var(--_space-m);
  }
  .notice {
    display: flex;
    align-items: flex-start;
    gap: var(--_space-s);
    padding: var(--_space-s) var(--_space-m);
    border-radius: var(--_radius-m);
    background: var(--_surface-sunken);
    font-size: var(--_font-size-s);
  }
  .notice--error {
    color: var(--_danger);
    font-weight: 600;
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  .agenda ol {
    display: grid;
    gap: 2px;
    margin: var(--_space-s) 0 0;
    padding: 0;
    list-style: none;
  }
  .agenda li {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 var(--_space-m);
    padding: var(--_space-xs) var(--_space-s);
    border-inline-start: 3px solid transparent;
    border-radius: var(--_radius-s);
  }
  .agenda li[aria-current] {
    border-inline-start-color: var(--_timer-accent);
    background: color-mix(in srgb, var(--_timer-accent) 10%, var(--_surface));
    font-weight: 600;
  }
  .agenda .done {
    color: var(--_text-muted);
  }
  .agenda__times {
    color: var(--_text-muted);
    font-size: var(--_font-size-s);
    font-variant-numeric: tabular-nums;
  }
  .link {
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font: inherit;
    text-align: start;
    text-decoration: underline;
    text-underline-offset: 0.15em;
    cursor: pointer;
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: var(--_space-xs);
    border-block-end: 1px solid var(--_border);
    text-align: end;
  }
  th:first-child {
    text-align: start;
  }
  tfoot th,
  tfoot td {
    font-weight: 700;
    border-block-end: 0;
  }
  .summary {
    display: grid;
    gap: var(--_space-s);
    justify-items: start;
    overflow-x: auto;
  }
  dialog,
  [popover] {
    max-inline-size: min(28rem, calc(100vw - 2rem));
    padding: var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-m);
    background: var(--_surface-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .dialog-title {
    font-weight: 700;
    font-size: var(--_font-size-l);
  }
  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_space-s);
    margin-block-start: var(--_space-m);
  }
  dl {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: var(--_space-xs) var(--_space-m);
    margin: var(--_space-s) 0;
  }
  dd {
    margin: 0;
  }
  kbd {
    padding: 0 0.4em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    background: var(--_surface-sunken);
    font: inherit;
    font-size: var(--_font-size-s);
  }

  /* compact: a sidebar strip (presented full screen, the full layout) */
  :host([compact]:not(:fullscreen)) {
    --_ring-size: var(--lc-meeting-timer-ring-size, 3.5rem);
    --_time-size: var(--lc-meeting-timer-time-size, 2rem);
  }
  :host([compact]:not(:fullscreen)) .base {
    gap: var(--_space-s);
    padding: var(--_space-s);
  }
  :host([compact]:not(:fullscreen)) .title {
    font-size: var(--_font-size-l);
  }
  :host([compact]:not(:fullscreen)) .face {
    grid-auto-flow: column;
    gap: var(--_space-s);
    justify-self: start;
    border-radius: var(--_radius-m);
  }
  :host([compact]:not(:fullscreen)) .face > * {
    grid-area: auto;
  }
  :host([compact]:not(:fullscreen)) .clock {
    align-items: flex-start;
  }
  :host([compact]:not(:fullscreen)) .guidance {
    font-size: var(--_font-size-s);
  }
  :host([compact]:not(:fullscreen)) .controls {
    justify-content: flex-start;
    gap: var(--_space-xs);
  }
  :host([compact]:not(:fullscreen)) .controls .btn {
    padding-inline: var(--_space-s);
  }

  /* presentation on a shared screen */
  :host(:fullscreen) {
    --_ring-size: min(55vh, 60vw);
    --_time-size: clamp(4rem, 13vmin, 10rem);
    display: grid;
    place-items: center;
    padding: var(--_space-xl);
    overflow: auto;
  }
  :host(:fullscreen) .base {
    inline-size: min(100%, 72rem);
    border: 0;
    font-size: var(--_font-size-l);
  }
  :host(:fullscreen) .title {
    font-size: calc(var(--_font-size-display) * 1.25);
  }

  @media (prefers-reduced-motion: no-preference) {
    .flash {
      animation: lc-timer-flash 0.6s ease-in-out 3;
    }
  }
  @keyframes lc-timer-flash {
    50% {
      background: var(--_flash);
    }
  }
`;
