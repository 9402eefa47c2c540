import type { KudosRecord } from '../elements/kudos-wall/model.js';

/** `detail` of `lc-kudos-give`. */
export interface KudosGiveDetail {
  /** The kudos about to be written. A listener may enrich it; what it leaves there is what gets written. */
  readonly kudos: KudosRecord;
}

/**
 * Fired by `<lc-kudos-wall>` when the viewer sends kudos, before it is written. Cancelable:
 * `preventDefault()` stops the write and keeps the form as it was.
 */
export class LcKudosGiveEvent extends Event {
  readonly detail: KudosGiveDetail;
  constructor(detail: KudosGiveDetail) {
    super('lc-kudos-give', { bubbles: true, composed: true, cancelable: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-kudos-give': LcKudosGiveEvent;
  }
}
