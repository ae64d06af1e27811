/**
 * A session's terminal event fires once per browser: in this tab, after a reload or the redirect back,
 * and also when another widget for the same session runs in another window or tab (a popup, a second
 * tab). The marker is in localStorage, which every window of the origin shares; the check-and-set runs
 * under a Web Lock, so two windows that see the end at the same moment cannot both fire.
 */
const P = 'borica-identify:fired|';

export function once(id: string, status: string, fire: () => void): Promise<void> {
  const claim = () => {
    try {
      if (localStorage.getItem(P + id)) return;
      localStorage.setItem(P + id, status);
    } catch {
      // storage disabled (privacy mode, sandboxed iframe): once per element is all that can be kept
    }
    fire();
  };
  // without Web Locks (or where they are refused: opaque origins) the marker alone
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(P + id, claim).then(undefined, claim) : Promise.resolve(claim());
}
