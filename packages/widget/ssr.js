// What server-side rendering of a host page gets (package.json "node" condition): custom elements only
// exist in browsers, so importing the widget on a server must define nothing and crash nothing.
export class BoricaIdentify {}
export class BoricaSign {}
export const timing = {};
export const whenDone = () => new Promise(() => {});
