import type { KudosRecord } from '../elements/kudos-wall/model.js';

/** `detail` of `lc-kudos-given`. */
export interface KudosGivenDetail {
  /** The kudos as the adapter stored it. */
  readonly kudos: KudosRecord;
}

/** Fired by `<lc-kudos-wall>` when the adapter has confirmed kudos the viewer gave (also after a queued one syncs). */
export class LcKudosGivenEvent extends Event {
  readonly detail: KudosGivenDetail;
  constructor(detail: KudosGivenDetail) {
    super('lc-kudos-given', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-kudos-given': LcKudosGivenEvent;
  }
}
