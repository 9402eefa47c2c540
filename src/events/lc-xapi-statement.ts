import type { XapiStatement } from '../adapters/xapi.js';

/** `detail` of `lc-xapi-statement`. */
export interface XapiStatementDetail {
  /** The statement as it is sent to the LRS (or would be, with `xapi-endpoint="events"`). */
  readonly statement: XapiStatement;
}

/**
 * Fired for every xAPI statement a confirmed write makes under `<lc-provider xapi-endpoint>`, from the
 * element the record belongs to (the prompt, wall, tracker or timer with its id; else the provider),
 * bubbling through the provider to the document, for hosts that forward statements themselves (an
 * LMS frame, a cmi5 player). It reports; it is not
 * cancelable. A statement is dispatched once per page even if its record is written again.
 */
export class LcXapiStatementEvent extends Event {
  readonly detail: XapiStatementDetail;
  constructor(detail: XapiStatementDetail) {
    super('lc-xapi-statement', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-xapi-statement': LcXapiStatementEvent;
  }
}
