import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders the host every second while `running()` says so; stops with the host. */
export class Countdown implements ReactiveController {
  private t?: ReturnType<typeof setInterval>;

  constructor(
    private host: ReactiveControllerHost,
    private running: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.t ??= setInterval(() => this.running() && this.host.requestUpdate(), 1000);
  }

  hostDisconnected(): void {
    clearInterval(this.t);
    this.t = undefined;
  }
}

/** `m:ss` (or `h:mm:ss`) until `iso`, never negative. */
export const left = (iso: string, now = Date.now()): string => {
  const s = Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
  const mmss = `${Math.floor(s / 60) % 60}:${String(s % 60).padStart(2, '0')}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, '0')}` : mmss;
};
