/** One segment of a meeting summary. Durations are milliseconds. */
export interface TimerSummaryRow {
  /** The segment name, in the language of the element that made the summary. */
  name: string;
  /** Minutes from the agenda, in ms. */
  plannedMs: number;
  /** Time added with "+1 minute", in ms. */
  addedMs: number;
  /** Time the segment actually ran (pauses excluded), in ms. */
  actualMs: number;
  /** `actualMs - plannedMs`: positive when the segment ran over its plan. */
  differenceMs: number;
}

/** Planned against actual time of a whole meeting. */
export interface TimerSummary {
  rows: TimerSummaryRow[];
  total: Omit<TimerSummaryRow, 'name'>;
  /** ISO date-times (on the local clock) of the first start and of the end; `null` when not reached. */
  startedAt: string | null;
  endedAt: string | null;
}

export interface LcTimerEndDetail {
  /** The shared meeting's id; absent for a local timer. */
  meetingId?: string;
  summary: TimerSummary;
  /** The same summary as CSV (RFC 4180, CRLF line ends, spreadsheet-formula safe). */
  csv: string;
  /** `local`: this page finished it; `remote`: another participant did; `auto`: the last segment ran out with auto-advance. */
  source: 'local' | 'remote' | 'auto';
}

/** Fired when the meeting finishes (after the last segment). Carries the summary. Not cancelable. */
export class LcTimerEndEvent extends Event {
  readonly detail: LcTimerEndDetail;
  constructor(detail: LcTimerEndDetail) {
    super('lc-timer-end', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-timer-end': LcTimerEndEvent;
  }
}
