export interface LcSegmentChangeDetail {
  /** The shared meeting's id; absent for a local timer. */
  meetingId?: string;
  /** Index of the segment left. */
  from: number;
  /** Index of the segment entered. */
  to: number;
  /** Name of the segment entered. */
  segmentName: string;
  /**
   * `local`: a control on this page (cancelable); `remote`: another participant moved on;
   * `auto`: the segment ran out with auto-advance.
   */
  source: 'local' | 'remote' | 'auto';
}

/**
 * Fired when the meeting moves to another segment. From a control on this page it comes before
 * the change is applied and is cancelable; otherwise it reports.
 */
export class LcSegmentChangeEvent extends Event {
  readonly detail: LcSegmentChangeDetail;
  constructor(detail: LcSegmentChangeDetail) {
    super('lc-segment-change', { bubbles: true, composed: true, cancelable: detail.source === 'local' });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-segment-change': LcSegmentChangeEvent;
  }
}
