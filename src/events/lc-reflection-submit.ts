import type { ReflectionRecord } from '../elements/reflection-prompt/model.js';

/**
 * Fired by `<lc-reflection-prompt>` when the viewer submits a reflection (new or edited), before
 * it is written. Cancelable: `preventDefault()` stops the write (the draft is kept). A listener
 * may enrich `detail` (add fields); what it leaves there is what gets written.
 */
export class LcReflectionSubmitEvent extends Event {
  /** The record about to be written. */
  readonly detail: ReflectionRecord;
  constructor(detail: ReflectionRecord) {
    super('lc-reflection-submit', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-reflection-submit': LcReflectionSubmitEvent;
  }
}
