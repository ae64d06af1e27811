// mocha's globals, as @web/test-runner provides them (no @types/mocha in this workspace)
declare function describe(name: string, fn: () => void): void;
declare const it: ((name: string, fn: () => unknown) => void) & {
  skip: (name: string, fn: () => unknown) => void;
  only: (name: string, fn: () => unknown) => void;
};
declare function before(fn: () => unknown): void;
declare function beforeEach(fn: () => unknown): void;
declare function afterEach(fn: () => unknown): void;

// the runner's browser commands (resolved by the runner-commands plugin of web-test-runner.config.mjs)
declare module '@web/test-runner-commands' {
  export function sendKeys(payload: { press: string } | { type: string }): Promise<void>;
  export function emulateMedia(payload: {
    colorScheme?: 'light' | 'dark';
    reducedMotion?: string;
  }): Promise<void>;
}
