import { css } from 'lit';

/** Styles of `<lc-credit-tracker>`: layout, buckets, tables, the celebration and a one-page print summary. */
export const styles = css`
  :host {
    --_gap: var(--lc-credit-tracker-gap, var(--_space-l));
    --_card: var(--lc-credit-tracker-surface, var(--_surface-raised));
    --_card-radius: var(--lc-credit-tracker-radius, var(--_radius-l));
    --_learning: var(--lc-credit-tracker-learning-color, var(--_accent));
    --_sharing: var(--lc-credit-tracker-sharing-color, #7b3fa8);
  }
  :host([data-lc-theme='dark']) {
    --_sharing: var(--lc-credit-tracker-sharing-color, #d0a6f5);
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([data-lc-theme='light'])) {
      --_sharing: var(--lc-credit-tracker-sharing-color, #d0a6f5);
    }
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    max-inline-size: var(--lc-credit-tracker-max-width, 64rem);
  }
  .card {
    padding: var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_card-radius);
    background: var(--_card);
  }
  .card,
  .list {
    display: flex;
    flex-direction: column;
    gap: var(--_space-m);
  }
  .card > .btn {
    align-self: start;
  }
  .h {
    font-size: var(--_font-size-l);
    font-weight: 700;
    margin: 0;
  }
  p {
    margin: 0;
  }
  .lead {
    font-size: var(--_font-size-l);
    font-weight: 600;
  }
  .muted,
  .hint {
    color: var(--_text-muted);
  }
  .note {
    display: block;
    white-space: pre-line;
  }
  .note.returned {
    color: var(--_danger);
  }
  .head,
  .bar,
  .actions,
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--_space-s) var(--_space-m);
  }
  .bar {
    justify-content: space-between;
    margin-block-end: var(--_space-s);
  }
  .grow {
    flex: 1;
  }
  .row > .field {
    flex: 1 1 10rem;
  }
  .filter {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
    max-inline-size: 100%;
    font-weight: 600;
  }
  .filter select {
    inline-size: auto;
    min-inline-size: 0;
    max-inline-size: 100%;
  }
  .bucket--learning {
    --_accent: var(--_learning);
  }
  .bucket--sharing {
    --_accent: var(--_sharing);
  }
  .pace {
    margin: 0;
    padding-inline-start: var(--_space-l);
  }
  .pace--behind {
    color: var(--_danger);
    font-weight: 600;
  }
  .pace--met {
    color: var(--_success);
  }
  .kinds {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s) var(--_space-l);
    margin: 0;
    padding: 0;
    border: 0;
  }
  .kinds legend {
    margin-block-end: var(--_space-xs);
  }
  .kind {
    display: flex;
    gap: var(--_space-s);
    align-items: baseline;
    flex: 1 1 14rem;
  }
  .kind input {
    inline-size: 1.1rem;
    block-size: 1.1rem;
    accent-color: var(--_accent);
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    padding: var(--_space-s);
    border-block-end: 1px solid var(--_border);
    text-align: start;
    vertical-align: top;
  }
  thead th {
    font-size: var(--_font-size-s);
    color: var(--_text-muted);
  }
  .sort {
    all: unset;
    cursor: pointer;
    font-weight: 700;
    color: var(--_text);
  }
  .sort:focus-visible {
    outline: 2px solid var(--_focus);
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .nowrap {
    white-space: nowrap;
  }
  .title {
    display: block;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .acts {
    text-align: end;
    white-space: nowrap;
  }
  .editing {
    background: color-mix(in srgb, var(--_accent) 10%, transparent);
  }
  .badge {
    display: inline-block;
    padding: 0 var(--_space-s);
    border: 1px solid currentColor;
    border-radius: var(--_radius-pill);
    font-size: var(--_font-size-s);
    white-space: nowrap;
  }
  .badge::first-letter {
    text-transform: uppercase;
  }
  .badge--approved,
  .badge--complete {
    color: var(--_success);
  }
  .badge--pending,
  .badge--queued {
    color: var(--_warning);
  }
  .badge--returned,
  .badge--failed,
  .badge--behind {
    color: var(--_danger);
  }
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .unit,
  .po {
    display: none;
  }
  [part='history'] {
    container-type: inline-size;
  }
  /* Narrow: each activity becomes a block (date and amount, then what, then kind, status and buttons). */
  @container (max-width: 40rem) {
    thead th:not([aria-sort]) {
      display: none;
    }
    [part='history'] tr {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--_space-xs) var(--_space-s);
      padding-block: var(--_space-s);
      border-block-end: 1px solid var(--_border);
    }
    [part='history'] :is(th, td) {
      order: 2;
      padding: 0;
      border: 0;
    }
    [part='history'] .nowrap {
      order: 0;
      flex: 1;
    }
    [part='history'] .num {
      order: 0;
    }
    [part='history'] .what {
      order: 1;
      flex-basis: 100%;
    }
    [part='history'] .acts {
      order: 3;
      margin-inline-start: auto;
    }
    .unit {
      display: inline;
    }
  }
  .done {
    position: relative;
    padding: var(--_space-m);
    border-radius: var(--_radius-m);
    background: color-mix(in srgb, var(--_success) 14%, var(--_card));
  }
  .burst {
    position: absolute;
    inset: 0;
    pointer-events: none;
    background:
      radial-gradient(circle, var(--_learning) 3px, transparent 4px) 10% 30% / 2rem 2rem,
      radial-gradient(circle, var(--_sharing) 3px, transparent 4px) 60% 10% / 2.5rem 2.5rem,
      radial-gradient(circle, var(--_success) 3px, transparent 4px) 30% 80% / 3rem 3rem;
    animation: lc-credit-burst 1.6s ease-out both;
  }
  @keyframes lc-credit-burst {
    from {
      opacity: 1;
      transform: scale(0.6);
    }
    to {
      opacity: 0;
      transform: scale(1.3);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .burst {
      display: none;
    }
  }
  @media print {
    :host {
      color: #000;
      background: #fff;
      font-size: 10pt;
    }
    .base {
      gap: 8pt;
      max-inline-size: none;
    }
    form,
    .btn,
    .filter,
    .review,
    .status,
    .undo,
    .acts,
    .burst {
      display: none !important;
    }
    .card {
      border: 0;
      padding: 0;
    }
    .po {
      display: block;
    }
    th,
    td {
      padding: 2pt 4pt;
    }
    tr {
      break-inside: avoid;
    }
    a[href]::after {
      content: ' (' attr(href) ')';
      font-size: 8pt;
    }
  }
`;
