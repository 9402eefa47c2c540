/** `detail` of `lc-kudos-react`. */
export interface KudosReactDetail {
  readonly kudosId: string;
  readonly emoji: string;
  /** `true` when the viewer added the reaction, `false` when they took it back. */
  readonly active: boolean;
}

/** Fired by `<lc-kudos-wall>` when the viewer toggles a reaction on a kudos. */
export class LcKudosReactEvent extends Event {
  readonly detail: KudosReactDetail;
  constructor(detail: KudosReactDetail) {
    super('lc-kudos-react', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lc-kudos-react': LcKudosReactEvent;
  }
}
