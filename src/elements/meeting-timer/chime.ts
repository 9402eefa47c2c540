/** What a chime marks: one minute left (one soft note) or the end of a segment (three falling notes). */
export type ChimeKind = 'warning' | 'end';

type AudioContextCtor = typeof AudioContext;

/**
 * A short generated chime (Web Audio, no audio file). Browsers only let a page make sound after
 * the person interacted with it, so the audio context is created lazily by `prime()`, which the
 * timer calls from its controls and from any pointer or key press inside it.
 */
export class Chime {
  /** No sound while true. */
  muted = false;
  private ctx?: AudioContext;

  /** Creates or resumes the audio context. Call from a user gesture. */
  prime(): void {
    const Ctor =
      (globalThis as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor }).AudioContext ??
      (globalThis as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext;
    if (!Ctor) return;
    try {
      this.ctx ??= new Ctor();
      if (this.ctx.state === 'suspended') void this.ctx.resume().catch(() => {});
    } catch {
      // no audio device: stay silent
    }
  }

  /** Plays a chime; returns false when muted or when the page may not make sound yet. */
  play(kind: ChimeKind): boolean {
    const ctx = this.ctx;
    if (this.muted || !ctx || ctx.state !== 'running') return false;
    const notes = kind === 'end' ? [784, 659, 523] : [659];
    const t0 = ctx.currentTime + 0.02;
    notes.forEach((frequency, i) => {
      const t = t0 + i * 0.22;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.9);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.95);
    });
    return true;
  }

  /** Frees the audio device. */
  close(): void {
    void this.ctx?.close().catch(() => {});
    this.ctx = undefined;
  }
}
