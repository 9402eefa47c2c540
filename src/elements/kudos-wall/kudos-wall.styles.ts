import { css } from 'lit';
import { avatarStyles } from '../../ui/avatar.js';
import { identityPromptStyles } from '../../ui/identity-prompt.js';
import { statusLineStyles } from '../../ui/status-line.js';
import { undoStyles } from '../../ui/undo.js';

const own = css`
  :host {
    --_card-min: var(--lc-kudos-wall-card-min, 16rem);
    --_gap: var(--lc-kudos-wall-gap, var(--_space-m));
    --_card: var(--lc-kudos-wall-card-surface, var(--_surface-raised));
    --_card-radius: var(--lc-kudos-wall-card-radius, var(--_radius-l));
    --_kw: var(--lc-kudos-wall-accent, var(--_accent));
    --_spot-size: var(--lc-kudos-wall-spotlight-font-size, var(--_font-size-xl));
    --_max: var(--lc-kudos-wall-max-width, 44rem);
  }
  .base,
  .top,
  .spot,
  .compose,
  .edit {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    position: relative;
  }
  .top,
  .spot,
  .edit {
    gap: var(--_space-s);
  }
  :host([layout='feed']) .base {
    max-inline-size: var(--_max);
    margin-inline: auto;
  }
  .compose {
    padding: var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_card-radius);
    background: var(--_card);
  }
  dialog .compose {
    padding: 0;
    border: 0;
  }
  .title {
    margin: 0;
    font-size: var(--_font-size-l);
    font-weight: 700;
  }
  .values {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs);
    margin: 0;
    padding: 0;
    border: 0;
  }
  .values legend {
    padding: 0;
    margin-block-end: var(--_space-xs);
  }
  .values .error {
    flex-basis: 100%;
  }
  .val {
    position: relative;
  }
  .val input {
    position: absolute;
    inset: 0;
    margin: 0;
    opacity: 0;
    cursor: pointer;
  }
  .val span,
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs);
    padding: var(--_space-xs) var(--_space-m);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-pill);
  }
  .val input:checked + span {
    border-color: transparent;
    background: var(--_kw);
    color: var(--_accent-contrast);
  }
  .val input:focus-visible + span {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .check {
    display: flex;
    align-items: center;
    gap: var(--_space-s);
  }
  .check input {
    inline-size: 1.25rem;
    block-size: 1.25rem;
    margin: 0;
    accent-color: var(--_kw);
  }
  .actions,
  .bar,
  .side,
  .spot__bar,
  .meta,
  .foot,
  .reacts,
  .head,
  .leaders li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s);
  }
  .over {
    color: var(--_danger);
    font-weight: 600;
  }
  .fx {
    position: relative;
  }
  .burst {
    position: absolute;
    inset-inline-start: 50%;
    inset-block-start: 0;
    z-index: 7;
    pointer-events: none;
  }
  .burst i {
    position: absolute;
    font-size: 1.5rem;
    font-style: normal;
    animation: kw-fly 1.3s cubic-bezier(0.15, 0.7, 0.3, 1) forwards;
  }
  .burst i:nth-child(1) {
    --x: -9rem;
    --y: -7rem;
  }
  .burst i:nth-child(2) {
    --x: -6rem;
    --y: -10rem;
  }
  .burst i:nth-child(3) {
    --x: -2rem;
    --y: -12rem;
  }
  .burst i:nth-child(4) {
    --x: 2rem;
    --y: -11rem;
  }
  .burst i:nth-child(5) {
    --x: 6rem;
    --y: -9rem;
  }
  .burst i:nth-child(6) {
    --x: 9rem;
    --y: -6rem;
  }
  .burst i:nth-child(7) {
    --x: -11rem;
    --y: -3rem;
  }
  .burst i:nth-child(8) {
    --x: 11rem;
    --y: -3rem;
  }
  .burst i:nth-child(9) {
    --x: -4rem;
    --y: -6rem;
  }
  .burst i:nth-child(10) {
    --x: 4rem;
    --y: -5rem;
  }
  .burst i:nth-child(11) {
    --x: -7rem;
    --y: -13rem;
  }
  .burst i:nth-child(12) {
    --x: 7rem;
    --y: -13rem;
  }
  @keyframes kw-fly {
    from {
      transform: translate(-50%, 0) scale(0.4);
      opacity: 1;
    }
    70% {
      opacity: 1;
    }
    to {
      transform: translate(var(--x), var(--y)) rotate(160deg) scale(1);
      opacity: 0;
    }
  }
  .side {
    align-items: stretch;
    gap: var(--_gap);
  }
  .panel {
    flex: 1 1 14rem;
    padding: var(--_space-m);
    border-radius: var(--_card-radius);
    background: var(--_surface-sunken);
  }
  .panel p {
    margin: 0;
  }
  .stat + .label {
    margin-block-start: var(--_space-s);
  }
  .status--idle {
    min-block-size: 0;
  }
  .stat {
    margin: 0;
    font-size: var(--_font-size-l);
    font-weight: 700;
  }
  .chips,
  .leaders {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs);
    margin: var(--_space-xs) 0;
    padding: 0;
    list-style: none;
  }
  .leaders {
    flex-direction: column;
  }
  .leaders b {
    margin-inline-start: auto;
  }
  .chip {
    padding: 0.125rem var(--_space-s);
    border-color: transparent;
    background: color-mix(in srgb, var(--_kw) 14%, var(--_card));
    font-size: var(--_font-size-s);
    font-weight: 600;
  }
  b,
  .n {
    font-variant-numeric: tabular-nums;
  }
  .bar input {
    flex: 1 1 12rem;
    inline-size: auto;
  }
  .bar select {
    flex: 0 1 auto;
    inline-size: auto;
  }
  :host([layout='compact']) .bar > * {
    flex: 1 1 100%;
  }
  .count {
    margin: 0;
  }
  .count:empty {
    display: none;
  }
  .state {
    margin: 0;
    padding: var(--_space-l);
    border: 1px dashed var(--_border);
    border-radius: var(--_card-radius);
    color: var(--_text-muted);
    text-align: center;
  }
  .state p {
    margin: 0 0 var(--_space-s);
  }
  .list,
  .skeleton {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--_card-min)), 1fr));
    gap: var(--_gap);
  }
  :host([layout='feed']) .list,
  :host([layout='compact']) .list {
    grid-template-columns: minmax(0, 1fr);
  }
  .skeleton div {
    block-size: 9rem;
    border-radius: var(--_card-radius);
    background: var(--_surface-sunken);
    animation: kw-pulse 1s ease-in-out infinite alternate;
  }
  @keyframes kw-pulse {
    to {
      opacity: 0.5;
    }
  }
  .pill {
    position: sticky;
    inset-block-start: var(--_space-s);
    z-index: 4;
    align-self: center;
    border-radius: var(--_radius-pill);
    box-shadow: var(--_shadow-raised);
  }
  .card {
    position: relative;
    display: flex;
    flex-direction: column;
    gap: var(--_space-s);
    min-inline-size: 0;
    padding: var(--_space-m);
    border: 1px solid color-mix(in srgb, var(--_border) 45%, transparent);
    border-block-start: 4px solid var(--_kw);
    border-radius: var(--_card-radius);
    background: var(--_card);
  }
  .card:has(details[open]),
  .card:focus-within {
    z-index: 3;
  }
  .card--hidden {
    border-style: dashed;
    background: var(--_surface-sunken);
  }
  .head {
    flex-wrap: nowrap;
    align-items: flex-start;
  }
  .av {
    position: relative;
    flex: none;
  }
  .more {
    position: absolute;
    inset-block-end: -0.25rem;
    inset-inline-end: -0.5rem;
    padding: 0 0.25rem;
    border: 1px solid var(--_card);
    border-radius: var(--_radius-pill);
    background: var(--_surface-sunken);
    font-size: 0.6875rem;
    font-weight: 700;
  }
  .hd {
    display: flex;
    flex: 1;
    flex-direction: column;
    align-items: flex-start;
    min-inline-size: 0;
  }
  .who {
    margin: 0;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .from,
  .arrow,
  .time {
    color: var(--_text-muted);
  }
  .to {
    font-weight: 700;
  }
  .arrow {
    display: inline-block;
  }
  .arrow:dir(rtl) {
    transform: scaleX(-1);
  }
  .time,
  .rw {
    position: relative;
    flex: none;
  }
  .time {
    font-size: var(--_font-size-s);
    white-space: nowrap;
  }
  .tip {
    position: absolute;
    inset-block-end: calc(100% + 4px);
    inset-inline-start: 0;
    z-index: 6;
    inline-size: max-content;
    max-inline-size: 16rem;
    padding: var(--_space-xs) var(--_space-s);
    border-radius: var(--_radius-s);
    background: var(--_text);
    color: var(--_surface);
    font-size: var(--_font-size-s);
    font-weight: 400;
    white-space: normal;
    pointer-events: none;
    clip-path: inset(50%);
  }
  .time:hover .tip,
  .time:focus-visible .tip,
  .react:hover + .tip,
  .react:focus-visible + .tip {
    clip-path: none;
  }
  .msg {
    margin: 0;
    line-height: 1.5;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .meta .hint {
    font-size: var(--_font-size-s);
  }
  .note {
    margin: 0;
    padding: var(--_space-xs) var(--_space-s);
    border-radius: var(--_radius-s);
    background: color-mix(in srgb, var(--_warning) 16%, transparent);
    font-size: var(--_font-size-s);
  }
  .foot {
    flex-wrap: nowrap;
    margin-block-start: auto;
  }
  .reacts {
    flex: 1;
    gap: var(--_space-xs);
  }
  .react {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    min-block-size: 2rem;
    min-inline-size: 2.75rem;
    padding: 0 var(--_space-s);
    border: 1px solid color-mix(in srgb, var(--_border) 60%, transparent);
    border-radius: var(--_radius-pill);
    background: transparent;
    color: inherit;
    font: inherit;
    cursor: pointer;
    transition: transform var(--_motion-duration) var(--_motion-easing);
  }
  .react:active {
    transform: scale(0.9);
  }
  .react[aria-pressed='true'] {
    border-color: var(--_kw);
    background: color-mix(in srgb, var(--_kw) 16%, transparent);
  }
  .react[aria-disabled='true'] {
    cursor: default;
  }
  .n {
    font-size: var(--_font-size-s);
    font-weight: 600;
  }
  .menu {
    position: relative;
  }
  summary {
    cursor: pointer;
  }
  .menu summary {
    list-style: none;
  }
  .menu summary::-webkit-details-marker {
    display: none;
  }
  .menu__list {
    position: absolute;
    inset-block-end: 100%;
    inset-inline-end: 0;
    z-index: 5;
    display: flex;
    flex-direction: column;
    min-inline-size: 10rem;
    padding: var(--_space-xs);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-m);
    background: var(--_surface-raised);
    box-shadow: var(--_shadow-raised);
  }
  .menu__list .btn {
    justify-content: flex-start;
    color: var(--_text);
  }
  .reports {
    color: var(--_danger);
    font-size: var(--_font-size-s);
  }
  .reports summary {
    font-weight: 600;
  }
  .reports ul {
    margin: var(--_space-xs) 0 0;
    padding-inline-start: var(--_space-l);
    color: var(--_text);
    overflow-wrap: anywhere;
  }
  .end {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--_space-s);
    margin: 0;
  }
  .sentinel {
    block-size: 1px;
  }
  dialog {
    inline-size: min(36rem, calc(100vw - 2rem));
    padding: var(--_space-l);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-l);
    background: var(--_surface-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .quote {
    display: -webkit-box;
    margin: 0;
    padding-inline-start: var(--_space-s);
    border-inline-start: 3px solid var(--_border);
    color: var(--_text-muted);
    overflow: hidden;
    overflow-wrap: anywhere;
    -webkit-line-clamp: 4;
    -webkit-box-orient: vertical;
  }
  :host([layout='compact']) .card {
    gap: var(--_space-xs);
    padding: var(--_space-s);
    border-block-start-width: 1px;
    border-inline-start: 4px solid var(--_kw);
  }
  :host([layout='compact']) .msg {
    display: -webkit-box;
    font-size: var(--_font-size-s);
    overflow: hidden;
    -webkit-line-clamp: 3;
    -webkit-box-orient: vertical;
  }
  :host([layout='compact']) .card:focus-within .msg {
    display: block;
  }
  .top > .btn {
    align-self: flex-start;
  }
  .spot .who {
    font-size: var(--_font-size-l);
  }
  .spot__bar .hint {
    margin-inline-start: auto;
  }
  .spot .card {
    padding: var(--_space-xl);
    animation: kw-in 0.5s var(--_motion-easing);
  }
  .spot .msg {
    font-size: var(--_spot-size);
    line-height: 1.35;
  }
  .spot .avatar {
    inline-size: 3rem;
    block-size: 3rem;
    font-size: 1.125rem;
  }
  @keyframes kw-in {
    from {
      opacity: 0;
      transform: translateY(0.75rem);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .burst {
      display: none;
    }
  }
  @media (forced-colors: active) {
    .react[aria-pressed='true'],
    .val input:checked + span {
      outline: 3px solid Highlight;
    }
    .card {
      border-color: CanvasText;
    }
  }
`;

export const styles = [avatarStyles, statusLineStyles, undoStyles, identityPromptStyles, own];
