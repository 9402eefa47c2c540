import type { CreditEntry } from '../elements/credit-tracker/model.js';

/**
 * Fired by `<lc-credit-tracker>` once the adapter has confirmed a logged or edited activity, even
 * when it was queued offline and synced later.
 */
export class LcCreditLoggedEvent extends Event {
  /** The entry as stored. */
  readonly detail: CreditEntry;
  constructor(detail: CreditEntry) {
    super('lc-credit-logged', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-credit-logged': LcCreditLoggedEvent;
  }
}
