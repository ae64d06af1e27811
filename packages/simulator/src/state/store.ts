import type { MobileRequest, Signing, SignSession, WebSession } from './types.ts';

/** One in-memory store for the whole simulator. Numbers imitate the provider's small integer ids. */
export class Store {
  readonly mobile = new Map<string, MobileRequest>();
  /** By webSessionId. */
  readonly webSessions = new Map<string, WebSession>();
  readonly signSessions = new Map<string, SignSession>();
  /** By token (the end of clientDocumentUrl). */
  readonly signings = new Map<string, Signing>();
  private nextResultId = 95;
  private nextRequestId = 315;

  resultId(): number {
    return this.nextResultId++;
  }

  requestId(): number {
    return this.nextRequestId++;
  }

  webSessionByResultId(resultId: number): WebSession | undefined {
    for (const w of this.webSessions.values()) if (w.resultId === resultId) return w;
    return undefined;
  }

  webSessionBySessionId(sessionId: string): WebSession | undefined {
    for (const w of this.webSessions.values()) if (w.registration?.sessionId === sessionId) return w;
    return undefined;
  }

  webSessionByRegistrationId(registrationId: string): WebSession | undefined {
    for (const w of this.webSessions.values())
      if (w.registration?.registrationId === registrationId) return w;
    return undefined;
  }

  signingByResultId(resultId: number): Signing | undefined {
    for (const s of this.signings.values()) if (s.resultId === resultId) return s;
    return undefined;
  }

  clear(): void {
    this.mobile.clear();
    this.webSessions.clear();
    this.signSessions.clear();
    this.signings.clear();
  }
}
