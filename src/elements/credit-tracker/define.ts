import { defineElement } from '../../core/define.js';
import { LcCreditTracker } from './credit-tracker.js';

defineElement('lc-credit-tracker', LcCreditTracker);

declare global {
  interface HTMLElementTagNameMap {
    'lc-credit-tracker': LcCreditTracker;
  }
}

export { LcCreditTracker };
