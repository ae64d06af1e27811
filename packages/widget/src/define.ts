/** Registers a tag once, and only where custom elements exist (not during server-side rendering). */
export const define = (tag: string, ctor: CustomElementConstructor): void => {
  const registry = globalThis.customElements;
  if (registry && !registry.get(tag)) registry.define(tag, ctor);
};
