export interface LcTimerPauseDetail {
  /** The shared meeting's id; absent for a local timer. */
  meetingId?: string;
  segmentIndex: number;
  segmentName: string;
  /** Time left in the segment when paused, in ms (negative in overtime). */
  remainingMs: number;
  /** `local`: a control on this page (cancelable); `remote`: another participant paused it. */
  source: 'local' | 'remote';
}

/**
 * Fired when the timer pauses. From a control on this page it comes before the change is applied
 * and is cancelable; from another participant it reports.
 */
export class LcTimerPauseEvent extends Event {
  readonly detail: LcTimerPauseDetail;
  constructor(detail: LcTimerPauseDetail) {
    super('lc-timer-pause', { bubbles: true, composed: true, cancelable: detail.source === 'local' });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-timer-pause': LcTimerPauseEvent;
  }
}
