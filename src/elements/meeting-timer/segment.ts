/**
 * One segment of a custom agenda inside `<lc-meeting-timer>`. Its content is the guidance shown
 * while the segment runs; it may hold rich markup (a list of questions, a link). The timer shows
 * the current segment's content in place and hides the others.
 *
 * ```html
 * <lc-meeting-timer>
 *   <lc-segment name="Check-in" minutes="5">One word: how are you arriving?</lc-segment>
 *   <lc-segment name="Case clinic" minutes="40"><ul><li>What is the challenge?</li><li>What have you tried?</li></ul></lc-segment>
 *   <lc-segment name="Commitments" minutes="10">What will you try before next time?</lc-segment>
 * </lc-meeting-timer>
 * ```
 *
 * @summary One segment of a custom meeting agenda.
 * @tag lc-segment
 * @slot - Guidance for the segment, shown while it runs.
 * @attr name - The segment's name.
 * @attr minutes - Planned length in minutes (`0.5` is 30 seconds); at most 720.
 */
export class LcSegment extends HTMLElement {
  /** The segment's name, shown as the timer's heading while it runs. */
  get name(): string {
    return this.getAttribute('name') ?? '';
  }
  set name(v: string) {
    this.setAttribute('name', v);
  }

  /** Planned length in minutes (`0.5` is 30 seconds); at most 720. */
  get minutes(): number {
    const v = this.getAttribute('minutes');
    return v === null ? NaN : Number(v.trim().replace(',', '.'));
  }
  set minutes(v: number) {
    this.setAttribute('minutes', String(v));
  }

  /** The guidance as plain text (what other participants see if their page lacks this markup). */
  get guidance(): string {
    return (this.textContent ?? '').replace(/\s+/g, ' ').trim();
  }
}
