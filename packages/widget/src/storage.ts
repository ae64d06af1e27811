/**
 * What survives the redirect to BORICA and back, and a reload: per open-start widget instance, the
 * session it created. sessionStorage is per tab, so two tabs never share a flow.
 */
export interface Saved {
  id?: string;
  token?: string;
}

const P = 'borica-identify:';

export const load = (key: string): Saved => {
  try {
    return JSON.parse(sessionStorage.getItem(P + key) || '{}');
  } catch {
    return {};
  }
};

export const save = (key: string, value?: Saved): void => {
  try {
    if (value) sessionStorage.setItem(P + key, JSON.stringify(value));
    else sessionStorage.removeItem(P + key);
  } catch {
    // storage disabled (privacy mode, sandboxed iframe): the flow still works, only without resume
  }
};
