import type { PromptQuestion } from './model.js';

const num = (v: string | null): number | undefined => {
  const n = v === null ? NaN : parseInt(v, 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/**
 * Declares one question of a custom set inside `<lc-reflection-prompt>`. Its text content is the
 * question; it renders nothing itself (the reflection prompt shows it).
 *
 * ```html
 * <lc-reflection-prompt prompt-id="wk-4">
 *   <lc-prompt question-id="tried" hint="One thing is enough.">What did you try this week?</lc-prompt>
 *   <lc-prompt question-id="next" commitment>What will you put into practice?</lc-prompt>
 * </lc-reflection-prompt>
 * ```
 *
 * @summary One question of a custom reflection prompt.
 * @tag lc-prompt
 */
export class LcPrompt extends HTMLElement {
  /** Stable id of the question (attribute `question-id`); defaults to its position. */
  get questionId(): string {
    return this.getAttribute('question-id') ?? '';
  }
  set questionId(v: string) {
    this.setAttribute('question-id', v);
  }

  /** A short help text shown under the question. */
  get hint(): string {
    return this.getAttribute('hint') ?? '';
  }
  set hint(v: string) {
    this.setAttribute('hint', v);
  }

  /** The answer may not be left empty. */
  get required(): boolean {
    return this.hasAttribute('required');
  }
  set required(v: boolean) {
    this.toggleAttribute('required', v);
  }

  /** Marks the question whose answer is the viewer's commitment (the practice loop). */
  get commitment(): boolean {
    return this.hasAttribute('commitment');
  }
  set commitment(v: boolean) {
    this.toggleAttribute('commitment', v);
  }

  /** The question, from the text content. */
  get text(): string {
    return (this.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  connectedCallback(): void {
    // An empty shadow root: the text is declared here and shown by the reflection prompt.
    if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
  }

  /** The question as the reflection prompt reads it. `min-words` and `max-length` override the prompt's own. */
  toQuestion(): PromptQuestion {
    return readPrompt(this);
  }
}

/** Reads an `<lc-prompt>` element, upgraded or not. */
export function readPrompt(el: Element): PromptQuestion {
  const a = (n: string) => el.getAttribute(n);
  return {
    id: a('question-id') ?? undefined,
    text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
    hint: a('hint') ?? undefined,
    required: el.hasAttribute('required') || undefined,
    commitment: el.hasAttribute('commitment') || undefined,
    minWords: num(a('min-words')),
    maxLength: num(a('max-length')),
  };
}
