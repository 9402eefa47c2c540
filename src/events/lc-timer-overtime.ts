export interface LcTimerOvertimeDetail {
  /** The shared meeting's id; absent for a local timer. */
  meetingId?: string;
  segmentIndex: number;
  segmentName: string;
  /** The segment's time (planned plus added) that ran out, in ms. */
  durationMs: number;
}

/** Fired once when a running segment's time runs out and overtime begins. Not cancelable. */
export class LcTimerOvertimeEvent extends Event {
  readonly detail: LcTimerOvertimeDetail;
  constructor(detail: LcTimerOvertimeDetail) {
    super('lc-timer-overtime', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-timer-overtime': LcTimerOvertimeEvent;
  }
}
