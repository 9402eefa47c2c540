import { LitElement, css, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Person } from '../core/adapter.js';
import { defineElement } from '../core/define.js';
import { LocalizeController } from '../i18n/localize.js';
import { sharedStyles } from '../styles/tokens.js';
import { avatar, avatarStyles } from './avatar.js';

/** `detail` of `lc-people-change`. */
export interface PeopleChangeDetail {
  selected: Person[];
}

/** How long typing must pause before `search` is called. */
export const SEARCH_DEBOUNCE_MS = 150;

type Option = { kind: 'person'; person: Person; disabled: boolean } | { kind: 'free'; name: string };

const tidy = (s: string): string => s.trim().replace(/\s+/g, ' ');
const same = (a: string, b: string): boolean => tidy(a).toLowerCase() === tidy(b).toLowerCase();
const isPerson = (p: unknown): p is Person =>
  !!p && typeof (p as Person).id === 'string' && typeof (p as Person).name === 'string' && !!(p as Person).id;

/** The person made from free text: `{ id: 'name:<lowercased name>', name }`. */
export function freePerson(name: string): Person {
  const n = tidy(name);
  return { id: `name:${n.toLowerCase()}`, name: n };
}

const optionId = (i: number): string => `lc-pp-opt-${i}`;
const removeIcon = svg`<path d="M6 6l12 12M18 6L6 18" />`;
const addIcon = svg`<path d="M12 5v14M5 12h14" />`;
const preventDefault = (e: Event): void => e.preventDefault();

const pickerStyles = css`
  :host {
    display: block;
    position: relative;
  }
  :host([hidden]) {
    display: none !important;
  }
  .picker {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs, 0.25rem);
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-xs, 0.25rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs, 0.25rem);
    padding-block: 2px;
    padding-inline: 2px var(--_space-xs, 0.25rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-pill, 999px);
    background: var(--_surface-sunken);
    max-inline-size: 100%;
  }
  .chip__name {
    overflow-wrap: anywhere;
  }
  .chip__remove {
    display: inline-grid;
    place-items: center;
    inline-size: 24px;
    block-size: 24px;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  .chip__remove:hover {
    background: color-mix(in srgb, var(--_text) 12%, transparent);
  }
  .chip__remove svg,
  .option__icon {
    inline-size: 1rem;
    block-size: 1rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
  }
  .combo {
    position: relative;
  }
  .popup {
    position: absolute;
    z-index: 10;
    inset-inline: 0;
    inset-block-start: calc(100% + 2px);
    max-block-size: 16rem;
    overflow-y: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-m, 8px);
    background: var(--_surface-raised);
    color: var(--_text);
    box-shadow: var(--_shadow-raised);
  }
  [role='listbox'] {
    margin: 0;
    padding: var(--_space-xs, 0.25rem);
    list-style: none;
  }
  .option {
    display: flex;
    align-items: center;
    gap: var(--_space-s, 0.5rem);
    min-block-size: 2.5rem;
    padding-block: var(--_space-xs, 0.25rem);
    padding-inline: var(--_space-s, 0.5rem);
    border-radius: var(--_radius-s, 4px);
    cursor: pointer;
  }
  .option:hover {
    background: color-mix(in srgb, var(--_text) 6%, transparent);
  }
  .option--active {
    outline: 2px solid var(--_focus);
    outline-offset: -2px;
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
  }
  .option[aria-disabled='true'] {
    cursor: not-allowed;
  }
  .option__body {
    display: flex;
    flex-direction: column;
    min-inline-size: 0;
  }
  .option__name {
    font-weight: 600;
  }
  .option__meta,
  .option__note,
  .note {
    color: var(--_text-muted);
    font-size: var(--_font-size-s, 0.875rem);
  }
  .note {
    margin: 0;
    padding: var(--_space-s, 0.5rem);
  }
  @media (forced-colors: active) {
    .option--active {
      outline-color: Highlight;
    }
  }
`;

/**
 * An accessible people picker (ARIA 1.2 combobox with a listbox popup). Internal: elements
 * render it in their own shadow root and call `definePersonPicker()` first. It reads the
 * private `--_*` tokens of the element it sits in.
 *
 * @summary Choose one or more people by typing a name.
 * @tag lc-person-picker
 * @csspart base - The wrapper.
 * @csspart label - The visible label.
 * @csspart chips - The list of chosen people.
 * @csspart chip - One chosen person.
 * @csspart chip__remove - A chip's remove button.
 * @csspart input - The text input.
 * @csspart popup - The suggestions popup.
 * @csspart error - The error message.
 * @fires {PeopleChangeDetail} lc-people-change - The user added or removed a person.
 */
export class LcPersonPicker extends LitElement {
  static override styles = [sharedStyles, avatarStyles, pickerStyles];

  private readonly localize = new LocalizeController(this);

  @query('input') private input?: HTMLInputElement;

  @state() private text = '';
  @state() private results: Person[] = [];
  @state() private expanded = false;
  @state() private active = -1;
  @state() private busy = false;
  @state() private failed = false;
  @state() private message = '';
  private seq = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private enterPending = false;

  /** Looks people up for the typed text. Without it, typed names are added as free text. */
  @property({ attribute: false }) search?: (q: string) => Promise<Person[]>;

  /** The chosen people. Setting it does not fire `lc-people-change`. */
  @property({ attribute: false }) selected: Person[] = [];

  /** Allows more than one person. */
  @property({ type: Boolean }) multiple = false;

  /** Lets Enter add a typed name that matches nobody (always on when there is no `search`). */
  @property({ attribute: false }) allowFree = false;

  /** People shown but not selectable, such as the viewer. */
  @property({ attribute: false }) excludeIds: string[] = [];

  /** The visible label. */
  @property() label = '';

  /** Placeholder text for the input. */
  @property() placeholder = '';

  /** Marks the field invalid (`aria-invalid`) and shows `errorMessage`. */
  @property({ attribute: false }) invalid = false;

  /** The message shown while `invalid`. */
  @property({ attribute: false }) errorMessage = '';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.timer);
    this.seq++;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('active') && this.active >= 0) {
      this.renderRoot.querySelector(`#${optionId(this.active)}`)?.scrollIntoView?.({ block: 'nearest' });
    }
  }

  private get freeAllowed(): boolean {
    return this.allowFree || !this.search;
  }

  private get options(): Option[] {
    const chosen = new Set(this.selected.map((p) => p.id));
    const excluded = new Set(this.excludeIds);
    const opts: Option[] = this.results
      .filter((p) => !chosen.has(p.id))
      .map((p) => ({ kind: 'person' as const, person: p, disabled: excluded.has(p.id) }));
    const q = tidy(this.text);
    // No free-text offer while the directory is still being asked: it may know the name.
    if (q && this.freeAllowed && !this.busy && !this.results.some((p) => same(p.name, q)) && !chosen.has(freePerson(q).id)) {
      opts.push({ kind: 'free', name: q });
    }
    return opts;
  }

  private announce(text: string): void {
    // A trailing no-break space alternates so a repeated message is announced again.
    this.message = this.message === text ? `${text}\u00a0` : text;
  }

  private emit(): void {
    this.dispatchEvent(
      new CustomEvent<PeopleChangeDetail>('lc-people-change', {
        bubbles: true,
        composed: true,
        detail: { selected: [...this.selected] },
      }),
    );
  }

  private reset(): void {
    clearTimeout(this.timer);
    this.seq++;
    this.text = '';
    this.results = [];
    this.expanded = false;
    this.active = -1;
    this.busy = false;
    this.failed = false;
  }

  private onInput(e: Event): void {
    this.text = (e.target as HTMLInputElement).value;
    this.enterPending = false;
    this.active = -1;
    this.failed = false;
    clearTimeout(this.timer);
    const seq = ++this.seq;
    const q = tidy(this.text);
    if (!q) {
      this.results = [];
      this.expanded = false;
      this.busy = false;
      return;
    }
    if (!this.search) {
      this.expanded = true;
      return;
    }
    this.busy = true;
    this.timer = setTimeout(() => void this.runSearch(q, seq), SEARCH_DEBOUNCE_MS);
  }

  /** Enter on typed text: the directory person of that name, else the name itself where allowed. */
  private enterTyped(q: string): void {
    const match = this.options.find((o) => o.kind === 'person' && same(o.person.name, q));
    if (match) this.choose(match);
    else if (this.freeAllowed) this.choose({ kind: 'free', name: q });
  }

  private async runSearch(q: string, seq: number): Promise<void> {
    let people: unknown;
    try {
      people = await this.search!(q);
    } catch {
      if (seq !== this.seq) return;
      this.results = [];
      this.busy = false;
      this.failed = true;
      this.expanded = true;
      this.announce(this.localize.term('errorLoad'));
      if (this.enterPending) {
        this.enterPending = false;
        this.enterTyped(q);
      }
      return;
    }
    if (seq !== this.seq) return;
    this.results = Array.isArray(people) ? people.filter(isPerson) : [];
    this.busy = false;
    this.expanded = true;
    this.active = -1;
    if (this.enterPending) {
      this.enterPending = false;
      this.enterTyped(q);
      return;
    }
    const n = this.options.filter((o) => o.kind === 'person').length;
    this.announce(
      n
        ? this.localize.term('peoplePickerResults', n)
        : this.localize.term(this.freeAllowed ? 'peoplePickerNoMatches' : 'peoplePickerNoResults'),
    );
  }

  private choose(opt: Option): void {
    const term = this.localize.term.bind(this.localize);
    const person = opt.kind === 'free' ? freePerson(opt.name) : opt.person;
    if ((opt.kind === 'person' && opt.disabled) || this.excludeIds.includes(person.id)) {
      this.announce(term('peoplePickerSelf'));
      return;
    }
    this.reset();
    if (this.selected.some((p) => p.id === person.id)) return;
    this.selected = this.multiple ? [...this.selected, person] : [person];
    this.announce(`${term('peoplePickerAdded', person.name)} ${term('peoplePickerSelected', this.selected.length)}`);
    this.emit();
  }

  private removePerson(person: Person, refocus: boolean): void {
    this.selected = this.selected.filter((p) => p.id !== person.id);
    this.announce(
      `${this.localize.term('peoplePickerRemoved', person.name)} ${this.localize.term('peoplePickerSelected', this.selected.length)}`,
    );
    this.emit();
    if (refocus) this.focus();
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.isComposing) return;
    const opts = this.options;
    const n = opts.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        if (!n) return;
        const down = e.key === 'ArrowDown';
        if (!this.expanded) {
          this.expanded = true;
          this.active = down ? 0 : n - 1;
        } else {
          this.active = down ? (this.active + 1) % n : this.active <= 0 ? n - 1 : this.active - 1;
        }
        return;
      }
      case 'Enter': {
        const q = tidy(this.text);
        if (this.expanded && this.active >= 0 && opts[this.active]) {
          e.preventDefault();
          this.choose(opts[this.active]);
          return;
        }
        if (!q) return;
        e.preventDefault();
        // Still asking the directory: answer this Enter once it replies (it may know the name).
        if (this.busy) this.enterPending = true;
        else this.enterTyped(q);
        return;
      }
      case 'Escape':
        if (this.expanded) {
          this.expanded = false;
          this.active = -1;
        } else if (this.text) {
          this.reset();
        } else return;
        e.preventDefault();
        e.stopPropagation();
        return;
      case 'Backspace':
        if (!this.input?.value && this.selected.length) {
          e.preventDefault();
          this.removePerson(this.selected[this.selected.length - 1], false);
        }
        return;
      case 'Tab':
        this.expanded = false;
        this.active = -1;
        return;
    }
  }

  private onOptionClick(e: Event): void {
    const li = (e.target as Element).closest<HTMLElement>('[role="option"]');
    const opt = li ? this.options[Number(li.dataset.index)] : undefined;
    if (opt) this.choose(opt);
  }

  private onBlur(): void {
    this.expanded = false;
    this.active = -1;
  }

  /** Focuses the text input. */
  override focus(options?: FocusOptions): void {
    if (this.input) this.input.focus(options);
    else void this.updateComplete.then(() => this.input?.focus(options));
  }

  private renderOption(o: Option, i: number): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const active = i === this.active;
    const body =
      o.kind === 'free'
        ? html`<svg class="option__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${addIcon}</svg
            ><span class="option__body"><span class="option__name">${term('peoplePickerAddFree', o.name)}</span></span>`
        : html`${avatar({ name: o.person.name, src: o.person.avatar, size: 's' })}<span class="option__body"
              ><span class="option__name">${o.person.name}</span>${
                o.person.title || o.person.team
                  ? html`<span class="option__meta">${[o.person.title, o.person.team].filter(Boolean).join(' · ')}</span>`
                  : nothing
              }${o.disabled ? html`<span class="option__note">${term('peoplePickerSelf')}</span>` : nothing}</span
            >`;
    return html`<li
      id=${optionId(i)}
      role="option"
      class="option ${active ? 'option--active' : ''}"
      aria-selected=${active ? 'true' : 'false'}
      aria-disabled=${o.kind === 'person' && o.disabled ? 'true' : nothing}
      data-index=${i}
    >
      ${body}
    </li>`;
  }

  /* eslint-disable lit-a11y/click-events-have-key-events -- the listbox is operated from the combobox input (aria-activedescendant); a click is the pointer path */
  override render(): TemplateResult {
    const term = this.localize.term.bind(this.localize);
    const label = this.label || term('peoplePickerLabel');
    const opts = this.options;
    const open = this.expanded && opts.length > 0;
    const note = !this.expanded
      ? ''
      : this.failed
        ? term('errorLoad')
        : this.busy && !opts.length
          ? term('loading')
          : !opts.length && tidy(this.text)
            ? term('peoplePickerNoResults')
            : '';
    const showError = this.invalid && !!this.errorMessage;
    return html`<div class="picker" part="base">
      <label class="label" id="label" for="input" part="label">${label}</label>
      ${
        this.selected.length
          ? html`<ul class="chips" part="chips" aria-label=${term('peoplePickerSelected', this.selected.length)}>
              ${repeat(
                this.selected,
                (p) => p.id,
                (p) =>
                  html`<li class="chip" part="chip">
                    ${avatar({ name: p.name, src: p.avatar, size: 's' })}<span class="chip__name">${p.name}</span
                    ><button
                      type="button"
                      class="chip__remove"
                      part="chip__remove"
                      aria-label=${term('peoplePickerRemove', p.name)}
                      @click=${() => this.removePerson(p, true)}
                    >
                      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">${removeIcon}</svg>
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <div class="combo">
        <input
          id="input"
          class="input"
          part="input"
          type="text"
          role="combobox"
          autocomplete="off"
          autocapitalize="off"
          spellcheck="false"
          aria-labelledby="label"
          aria-autocomplete="list"
          aria-controls="listbox"
          aria-expanded=${open ? 'true' : 'false'}
          aria-activedescendant=${open && this.active >= 0 ? optionId(this.active) : nothing}
          aria-invalid=${this.invalid ? 'true' : nothing}
          aria-describedby=${showError ? 'error' : nothing}
          placeholder=${this.placeholder || term('peoplePickerPlaceholder')}
          .value=${live(this.text)}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
          @blur=${this.onBlur}
        />
        <div class="popup" part="popup" ?hidden=${!open && !note} @mousedown=${preventDefault}>
          <ul id="listbox" role="listbox" aria-labelledby="label" ?hidden=${!open} @click=${this.onOptionClick}>
            ${opts.map((o, i) => this.renderOption(o, i))}
          </ul>
          ${note ? html`<p class="note">${note}</p>` : nothing}
        </div>
      </div>
      ${showError ? html`<p id="error" class="error" part="error">${this.errorMessage}</p>` : nothing}
      <div class="vh" role="status" aria-live="polite">${this.message}</div>
    </div>`;
  }
  /* eslint-enable lit-a11y/click-events-have-key-events */
}

/** Registers `<lc-person-picker>` unless it is already defined. */
export function definePersonPicker(): void {
  defineElement('lc-person-picker', LcPersonPicker);
}

declare global {
  interface HTMLElementTagNameMap {
    'lc-person-picker': LcPersonPicker;
  }
  interface HTMLElementEventMap {
    'lc-people-change': CustomEvent<PeopleChangeDetail>;
  }
}
