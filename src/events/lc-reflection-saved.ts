import type { ReflectionRecord } from '../elements/reflection-prompt/model.js';

/**
 * Fired by `<lc-reflection-prompt>` once the adapter has confirmed a submitted (or edited)
 * reflection, even when it was queued offline and synced later. An LMS page can report completion here.
 */
export class LcReflectionSavedEvent extends Event {
  /** The record as stored. */
  readonly detail: ReflectionRecord;
  constructor(detail: ReflectionRecord) {
    super('lc-reflection-saved', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-reflection-saved': LcReflectionSavedEvent;
  }
}
