/** `detail` of `lc-kudos-report`. */
export interface KudosReportDetail {
  readonly kudosId: string;
  readonly reason: string;
}

/** Fired by `<lc-kudos-wall>` when the viewer reports a kudos to the moderators. */
export class LcKudosReportEvent extends Event {
  readonly detail: KudosReportDetail;
  constructor(detail: KudosReportDetail) {
    super('lc-kudos-report', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-kudos-report': LcKudosReportEvent;
  }
}
