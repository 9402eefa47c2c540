export interface LcDraftSavedDetail {
  /** The prompt the draft belongs to. */
  promptId: string;
  /** When the draft was written (ISO 8601). */
  savedAt: string;
  /** `local` (localStorage, survives a reload) or `memory` (storage refused: kept only while the page is open). */
  storage: 'local' | 'memory';
}

/** Fired when a draft is kept on this device as the viewer types (at most 500 ms behind). */
export class LcDraftSavedEvent extends Event {
  readonly detail: LcDraftSavedDetail;
  constructor(detail: LcDraftSavedDetail) {
    super('lc-draft-saved', { bubbles: true, composed: true, cancelable: false });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-draft-saved': LcDraftSavedEvent;
  }
}
