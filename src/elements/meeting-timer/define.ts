import { defineElement } from '../../core/define.js';
import { LcMeetingTimer } from './meeting-timer.js';
import { LcSegment } from './segment.js';

defineElement('lc-segment', LcSegment);
defineElement('lc-meeting-timer', LcMeetingTimer);

declare global {
  interface HTMLElementTagNameMap {
    'lc-meeting-timer': LcMeetingTimer;
    'lc-segment': LcSegment;
  }
}

export { LcMeetingTimer, LcSegment };
