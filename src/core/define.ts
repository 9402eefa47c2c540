/** The version stamped on every element class this copy of the library defines. */
export const VERSION = '0.1.0';

const VERSION_KEY = Symbol.for('lc.version');

/**
 * Defines a custom element once. Defining the same tag again from the same version does nothing;
 * from another version (two copies of the library on one intranet page) it warns and keeps the
 * first one, instead of throwing and breaking the page.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  const existing = customElements.get(tag) as (CustomElementConstructor & { [VERSION_KEY]?: string }) | undefined;
  if (existing) {
    if (existing !== ctor && existing[VERSION_KEY] !== VERSION) {
      console.warn(
        `lc-elements: <${tag}> is already defined by ${existing[VERSION_KEY] ? `version ${existing[VERSION_KEY]}` : 'another script'}; ` +
          `version ${VERSION} keeps that definition.`,
      );
    }
    return;
  }
  (ctor as CustomElementConstructor & { [VERSION_KEY]?: string })[VERSION_KEY] = VERSION;
  customElements.define(tag, ctor);
}
