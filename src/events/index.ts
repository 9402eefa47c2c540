export * from './lc-error.js';
