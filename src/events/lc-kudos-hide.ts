/** `detail` of `lc-kudos-hide`. */
export interface KudosHideDetail {
  readonly kudosId: string;
  /** `true` when a moderator hid the kudos, `false` when they showed it again. */
  readonly hidden: boolean;
  /** The moderator's reason for hiding. */
  readonly reason?: string;
}

/** Fired by `<lc-kudos-wall>` when a moderator hides or unhides a kudos. */
export class LcKudosHideEvent extends Event {
  readonly detail: KudosHideDetail;
  constructor(detail: KudosHideDetail) {
    super('lc-kudos-hide', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-kudos-hide': LcKudosHideEvent;
  }
}
