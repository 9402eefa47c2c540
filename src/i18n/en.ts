import { plural } from './format.js';

const p = plural('en');

/**
 * The English catalogue: the source of truth for message keys. Every other locale is typed
 * against it, so a missing or mistyped translation fails the type check.
 */
export const en = {
  $code: 'en',
  $name: 'English',
  $dir: 'ltr' as 'ltr' | 'rtl',

  // generic states
  loading: 'Loading…',
  retry: 'Try again',
  cancel: 'Cancel',
  close: 'Close',
  save: 'Save',
  undo: 'Undo',
  dismiss: 'Dismiss',

  // write status line
  statusSaving: 'Saving…',
  statusSaved: 'Saved',
  statusQueued: 'Saved on this device, will sync',
  statusFailed: 'Not saved',
  statusOffline: 'You are offline. Changes are kept on this device and sync when you reconnect.',
  pendingWrites: (n: number) => p(n, { one: '(1 change waiting)', other: `(${n} changes waiting)` }),

  // errors, by adapter error kind
  errorOffline: 'You appear to be offline.',
  errorUnauthorized: 'Please sign in again.',
  errorForbidden: 'You do not have permission to do that.',
  errorNotFound: 'That item no longer exists.',
  errorConflict: 'Someone else changed this at the same time. Reload to see the latest.',
  errorInvalid: 'The data was not accepted.',
  errorUnavailable: 'The service is not available right now.',
  errorUnsupported: 'This is not available here.',
  errorInvalidRecord: 'Some data could not be shown because it was damaged.',
  // errors with a finer reason (LcAdapterError.reason)
  errorNoLms: 'Open this inside your LMS: this page could not reach the learning management system, so your work cannot be saved here.',
  errorStorageFull: (n: number) =>
    n > 0
      ? p(n, {
          one: 'This course can store only 1 more character. Shorten your text and try again; nothing you saved before is lost.',
          other: `This course can store only ${n} more characters. Shorten your text and try again; nothing you saved before is lost.`,
        })
      : 'This course has no room left to store more text. Shorten your text or delete an earlier entry; nothing you saved before is lost.',
  errorForeignData: 'This course already keeps other data for you, so your work cannot be saved here. Please tell the course team.',
  errorLoad: 'Could not load.',

  // identity (adapters without their own identity)
  identityPrompt: 'What should we call you?',
  identityHint: 'Your name is kept in this browser and shown with what you share.',
  identityLabel: 'Your name',
  identitySubmit: 'Continue',
  identityRequired: 'Please enter a name.',
  signedInAs: (name: string) => `Signed in as ${name}`,
  readOnlyAnonymous: 'Sign in to take part. You can read, but not write, until the site knows who you are.',

  // avatar, people
  avatarOf: (name: string) => `${name}`,
  anonymous: 'Anonymous',
  unknownPerson: 'Someone',
  peoplePickerLabel: 'People',
  peoplePickerPlaceholder: 'Type a name',
  peoplePickerNoMatches: 'No matches. Press Enter to add this name.',
  peoplePickerAddFree: (name: string) => `Add “${name}”`,
  peoplePickerRemove: (name: string) => `Remove ${name}`,
  peoplePickerSelected: (n: number) => p(n, { one: '1 person selected', other: `${n} people selected` }),
  peoplePickerResults: (n: number) => p(n, { one: '1 suggestion', other: `${n} suggestions` }),
  peoplePickerSelf: 'You cannot choose yourself.',
  peoplePickerNoResults: 'No matches.',
  peoplePickerAdded: (name: string) => `${name} added.`,
  peoplePickerRemoved: (name: string) => `${name} removed.`,

  // progress
  progressOf: (value: string, max: string, unit: string) => `${value} of ${max} ${unit}`,
  progressComplete: 'Complete',

  // confirm with undo
  confirmDelete: 'Delete',
  confirmDeleteQuestion: 'Delete this? You can undo for a few seconds.',
  deleted: 'Deleted.',
  undone: 'Restored.',
};

export type Messages = typeof en;
export type MessageKey = { [K in keyof Messages]: K extends `$${string}` ? never : K }[keyof Messages];
