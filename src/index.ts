/**
 * lc-elements: learning-community features as custom elements. This entry exports classes,
 * types, contexts and helpers and registers nothing; import `lc-elements/all.js` (or one
 * element's entry, e.g. `lc-elements/provider`) to define the tags.
 */
export * from './core/adapter.js';
export { RecordStore, StoreWriteEvent, StoreChangeEvent } from './core/store.js';
export type { ListState, ListStatus, StoreOptions, Subscription, WriteState } from './core/store.js';
export { Outbox, IdbOutboxStorage, MemoryOutboxStorage, backoffDelay } from './core/outbox.js';
export type { OutboxEntry, OutboxStorage, BackoffOptions } from './core/outbox.js';
export { RecordsController } from './core/records-controller.js';
export type { RecordsOptions, RecordsHost } from './core/records-controller.js';
export { LcElement } from './core/lc-element.js';
export { storeContext, communityContext, themeContext } from './core/context.js';
export type { ThemeName } from './core/context.js';
export { configure, defaultAdapter, defaultStore, storeFor } from './core/defaults.js';
export { registerValidator, validateRecord } from './core/validation.js';
export type { RecordValidator } from './core/validation.js';
export { defineElement, VERSION } from './core/define.js';
export { LcProvider } from './elements/provider/provider.js';
export { registerAdapter } from './elements/provider/adapters.js';
export type { AdapterConfig, AdapterFactory } from './elements/provider/adapters.js';
export { MemoryAdapter, MemoryBackend, createMemoryAdapter } from './adapters/memory.js';
export type { MemoryAdapterOptions } from './adapters/memory.js';
export { LocalAdapter, createLocalAdapter } from './adapters/local.js';
export { registerTranslation, availableLocales, translate } from './i18n/localize.js';
export type { Messages } from './i18n/en.js';
export * from './events/index.js';
export { LcCreditTracker } from './elements/credit-tracker/credit-tracker.js';
export { LcReflectionPrompt } from './elements/reflection-prompt/reflection-prompt.js';
export { LcPrompt } from './elements/reflection-prompt/prompt.js';
export { LcMeetingTimer } from './elements/meeting-timer/meeting-timer.js';
export { LcSegment } from './elements/meeting-timer/segment.js';
export { LcKudosWall } from './elements/kudos-wall/kudos-wall.js';
