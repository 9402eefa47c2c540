import { css } from 'lit';
import { statusLineStyles } from '../../ui/status-line.js';
import { progressStyles } from '../../ui/progress.js';
import { avatarStyles } from '../../ui/avatar.js';
import { identityPromptStyles } from '../../ui/identity-prompt.js';
import { undoStyles } from '../../ui/undo.js';

const own = css`
  :host {
    --_gap: var(--lc-reflection-prompt-gap, var(--_space-m));
    --_card: var(--lc-reflection-prompt-surface, var(--_surface-raised));
    --_card-radius: var(--lc-reflection-prompt-radius, var(--_radius-m));
    --_rp-accent: var(--lc-reflection-prompt-accent, var(--_accent));
    --_q-size: var(--lc-reflection-prompt-question-font-size, var(--_font-size-l));
    --_ta-min: var(--lc-reflection-prompt-textarea-min-height, 5.5em);
    max-inline-size: var(--lc-reflection-prompt-max-width, 48rem);
    line-height: 1.5;
  }
  .base,
  .form,
  .history,
  .shared,
  .editor {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .heading {
    margin: 0;
    font-size: var(--_font-size-xl);
    font-weight: 700;
    line-height: 1.25;
  }
  .history .heading,
  .shared .heading {
    font-size: var(--_font-size-l);
  }
  p {
    margin: 0;
  }
  .question {
    font-size: var(--_q-size);
    line-height: 1.35;
  }
  .req {
    color: var(--_text-muted);
    font-size: var(--_font-size-s);
    font-weight: 400;
  }
  textarea {
    min-block-size: var(--_ta-min);
    border-radius: var(--_card-radius);
    field-sizing: content;
    resize: vertical;
    overflow-wrap: anywhere;
  }
  .count {
    color: var(--_text-muted);
    font-size: var(--_font-size-s);
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .loop {
    padding-block: var(--_space-s);
    padding-inline: var(--_space-m);
    border-inline-start: 4px solid var(--_rp-accent);
    border-radius: var(--_radius-s);
    background: var(--_surface-sunken);
  }
  .loop__label {
    font-weight: 600;
  }
  .loop__quote {
    margin: var(--_space-xs) 0 0;
    font-style: italic;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .vis {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
    margin: 0;
    padding: var(--_space-s) var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_card-radius);
  }
  .vis legend {
    padding-inline: var(--_space-xs);
  }
  .vis__opt {
    display: flex;
    align-items: flex-start;
    gap: var(--_space-s);
    min-block-size: 24px;
    cursor: pointer;
  }
  .vis__opt input {
    flex: none;
    inline-size: 1.125rem;
    block-size: 1.125rem;
    margin: 0.2em 0 0;
    accent-color: var(--_rp-accent);
  }
  .vis__label {
    font-weight: 600;
  }
  .actions,
  .item__actions,
  .export,
  .note,
  .section-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
  }
  .section-head {
    justify-content: space-between;
  }
  .note {
    padding: var(--_space-s) var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_card-radius);
    background: var(--_surface-sunken);
  }
  .muted {
    color: var(--_text-muted);
  }
  .error-box {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
  }
  .progress {
    --_accent: var(--_rp-accent);
  }
  .list,
  .questions {
    display: flex;
    flex-direction: column;
    gap: var(--_space-s);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .questions {
    padding-inline-start: var(--_space-l);
    list-style: decimal;
  }
  .list:focus {
    outline: none;
  }
  .item {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
    padding: var(--_space-s) var(--_space-m);
    border: 1px solid color-mix(in srgb, var(--_border) 60%, transparent);
    border-radius: var(--_card-radius);
    background: var(--_card);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-xs) var(--_space-s);
    color: var(--_text-muted);
    font-size: var(--_font-size-s);
  }
  .author {
    color: var(--_text);
    font-weight: 600;
  }
  .anon {
    inline-size: 1.5rem;
    block-size: 1.5rem;
    padding: 0.2rem;
    border-radius: 50%;
    background: var(--_surface-sunken);
    fill: none;
    stroke: var(--_text-muted);
    stroke-width: 2;
  }
  .badge {
    padding-inline: var(--_space-s);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-pill);
    color: var(--_text);
  }
  .badge--queued {
    border-color: var(--_warning);
  }
  .badge--failed {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  .item__q {
    font-weight: 600;
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .item__loop {
    padding-inline-start: var(--_space-s);
    border-inline-start: 3px solid var(--_rp-accent);
  }
  .toast {
    margin-block-start: var(--_space-s);
  }
`;

export const styles = [statusLineStyles, progressStyles, avatarStyles, identityPromptStyles, undoStyles, own];
