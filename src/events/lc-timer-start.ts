export interface LcTimerStartDetail {
  /** The shared meeting's id; absent for a local timer. */
  meetingId?: string;
  segmentIndex: number;
  segmentName: string;
  /** True when a paused timer resumes; false for the first start of the meeting. */
  resumed: boolean;
  /** `local`: a control on this page (cancelable); `remote`: another participant started it. */
  source: 'local' | 'remote';
}

/**
 * Fired when the timer starts or resumes. From a control on this page it comes before the change
 * is applied and is cancelable (`preventDefault()` vetoes it); from another participant it reports.
 */
export class LcTimerStartEvent extends Event {
  readonly detail: LcTimerStartDetail;
  constructor(detail: LcTimerStartDetail) {
    super('lc-timer-start', { bubbles: true, composed: true, cancelable: detail.source === 'local' });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-timer-start': LcTimerStartEvent;
  }
}
