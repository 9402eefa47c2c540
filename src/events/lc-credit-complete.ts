import type { Unit } from '../elements/credit-tracker/model.js';

export interface LcCreditCompleteDetail {
  programId: string;
  /** The period completed, as an ISO interval `start/end`. */
  periodKey: string;
  /** Approved amounts. */
  total: number;
  learning: number;
  sharing: number;
  unit: Unit;
}

/**
 * Fired by `<lc-credit-tracker>` when the viewer's own current period becomes complete (every
 * requirement met with approved credit). Once per completion: not when an already complete period
 * is shown again or the page reloads.
 */
export class LcCreditCompleteEvent extends Event {
  readonly detail: LcCreditCompleteDetail;
  constructor(detail: LcCreditCompleteDetail) {
    super('lc-credit-complete', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-credit-complete': LcCreditCompleteEvent;
  }
}
