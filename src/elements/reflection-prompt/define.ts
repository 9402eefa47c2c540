import { defineElement } from '../../core/define.js';
import { LcPrompt } from './prompt.js';
import { LcReflectionPrompt } from './reflection-prompt.js';

defineElement('lc-prompt', LcPrompt);
defineElement('lc-reflection-prompt', LcReflectionPrompt);

declare global {
  interface HTMLElementTagNameMap {
    'lc-reflection-prompt': LcReflectionPrompt;
    'lc-prompt': LcPrompt;
  }
}

export { LcReflectionPrompt, LcPrompt };
