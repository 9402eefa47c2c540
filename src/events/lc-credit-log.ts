import type { CreditEntry } from '../elements/credit-tracker/model.js';

/**
 * Fired by `<lc-credit-tracker>` when the viewer logs or edits an activity, before it is written.
 * Cancelable: `preventDefault()` stops the write (the form keeps its values). A listener may
 * enrich `detail`; what it leaves there is what gets written.
 */
export class LcCreditLogEvent extends Event {
  /** The entry about to be written. */
  readonly detail: CreditEntry;
  constructor(detail: CreditEntry) {
    super('lc-credit-log', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-credit-log': LcCreditLogEvent;
  }
}
