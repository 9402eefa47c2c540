import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Keeps the screen awake while `want(true)` (Screen Wake Lock API, where the browser has it). The
 * browser drops the lock when the tab is hidden; it is asked for again when the tab comes back.
 */
export class WakeLockController implements ReactiveController {
  private wanted = false;
  private sentinel?: WakeLockSentinel;
  private asking = false;
  private readonly onVisibility = () => this.sync();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.want(false);
  }

  /** Asks for the lock (true) or lets it go (false). */
  want(on: boolean): void {
    if (on === this.wanted) return;
    this.wanted = on;
    this.sync();
  }

  /** True while the screen is held awake. */
  get held(): boolean {
    return !!this.sentinel && !this.sentinel.released;
  }

  private sync(): void {
    const api = (navigator as Navigator & { wakeLock?: WakeLock }).wakeLock;
    if (!this.wanted) {
      const s = this.sentinel;
      this.sentinel = undefined;
      void s?.release().catch(() => {});
      return;
    }
    if (!api || this.held || this.asking || document.visibilityState !== 'visible') return;
    this.asking = true;
    api.request('screen').then(
      (s) => {
        this.asking = false;
        if (!this.wanted) return void s.release().catch(() => {});
        this.sentinel = s;
      },
      () => {
        // refused (battery saver, permissions policy): the timer works without it
        this.asking = false;
      },
    );
  }
}
