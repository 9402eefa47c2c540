/** Shared UI kit for lc elements (internal; elements never import each other). */
export * from './types.js';
export * from './avatar.js';
export * from './status-line.js';
export * from './progress.js';
export * from './person-picker.js';
export * from './undo.js';
export * from './identity-prompt.js';
