import { defineElement } from '../../core/define.js';
import { LcProvider } from './provider.js';

defineElement('lc-provider', LcProvider);

declare global {
  interface HTMLElementTagNameMap {
    'lc-provider': LcProvider;
  }
}

export { LcProvider };
