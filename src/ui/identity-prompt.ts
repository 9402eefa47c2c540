import { css, html, nothing, type TemplateResult } from 'lit';
import type { Term } from './types.js';

export interface IdentityPromptOptions {
  term: Term;
  /** Called with the trimmed, non-empty name. */
  onSubmit: (name: string) => void;
  /** An error to show under the field (e.g. from `adapter.identify`). */
  error?: string;
  /** True while the name is being saved: the form ignores submits and says so. */
  busy?: boolean;
  /** Pre-fills the field. */
  value?: string;
}

/**
 * "What should we call you?": a small labelled form for adapters without an identity of their
 * own. An empty name is refused with the `identityRequired` message, without calling
 * `onSubmit`. One per shadow root (it uses fixed ids). Parts: `identity`, `identity__input`,
 * `identity__submit`.
 */
export function identityPrompt({ term, onSubmit, error, busy = false, value = '' }: IdentityPromptOptions): TemplateResult {
  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    if (busy) return;
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    const name = input.value.trim().replace(/\s+/g, ' ');
    if (!name) {
      input.setCustomValidity(term('identityRequired'));
      input.reportValidity();
      input.focus();
      return;
    }
    onSubmit(name);
  };
  const clear = (e: Event): void => (e.target as HTMLInputElement).setCustomValidity('');
  return html`<form class="identity" part="identity" novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${submit}>
    <p class="identity__title">${term('identityPrompt')}</p>
    <div class="field">
      <label class="label" for="lc-identity-name">${term('identityLabel')}</label>
      <p class="hint" id="lc-identity-hint">${term('identityHint')}</p>
      <input
        id="lc-identity-name"
        class="input"
        part="identity__input"
        name="name"
        type="text"
        autocomplete="name"
        maxlength="80"
        required
        .value=${value}
        ?readonly=${busy}
        aria-invalid=${error ? 'true' : nothing}
        aria-describedby=${error ? 'lc-identity-hint lc-identity-error' : 'lc-identity-hint'}
        @input=${clear}
      />
      ${error ? html`<p class="error" id="lc-identity-error">${error}</p>` : nothing}
    </div>
    <button type="submit" class="btn btn--primary" part="identity__submit" aria-disabled=${busy ? 'true' : nothing}>
      ${busy ? term('statusSaving') : term('identitySubmit')}
    </button>
  </form>`;
}

export const identityPromptStyles = css`
  .identity {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_space-s, 0.5rem);
    max-inline-size: 28rem;
  }
  .identity .field {
    align-self: stretch;
  }
  .identity__title {
    margin: 0;
    font-size: var(--_font-size-l, 1.125rem);
    font-weight: 600;
  }
`;
