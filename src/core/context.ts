import { createContext } from '@lit/context';
import type { RecordStore } from './store.js';

export type ThemeName = 'auto' | 'light' | 'dark';

/**
 * Context keys are `Symbol.for(...)` so that two separately bundled copies of the library on one
 * page (say, a CDN copy and an app's own) still find each other's provider.
 */
export const storeContext = createContext<RecordStore | undefined>(Symbol.for('lc.store'));
export const communityContext = createContext<string | undefined>(Symbol.for('lc.community'));
export const themeContext = createContext<ThemeName | undefined>(Symbol.for('lc.theme'));
