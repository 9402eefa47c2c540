/**
 * Story helpers: a decorator that wraps a story in `<lc-provider>` backed by a memory adapter with
 * realistic seed data for a public library's staff community, and knobs to show the loading and
 * error states.
 *
 * ```ts
 * export default { component: 'lc-kudos-wall', decorators: [withLcProvider] } satisfies Meta;
 * export const Loading: StoryObj = { parameters: { lc: { latency: 'forever' } } };
 * export const Error: StoryObj = { parameters: { lc: { failRate: 1 } } };
 * export const Empty: StoryObj = { parameters: { lc: { empty: true } } };
 * ```
 */
import { html } from 'lit';
import type { Decorator } from '@storybook/web-components-vite';
import type { LcRecord, Person } from '../src/core/adapter.js';
import { MemoryAdapter, MemoryBackend, type MemoryOperation } from '../src/adapters/memory.js';

export const COMMUNITY = 'library-staff';

/** Options a story sets under `parameters.lc`. */
export interface LcStoryOptions {
  /** Delay in ms for every adapter call; `'forever'` keeps the elements loading. */
  latency?: number | 'forever';
  /** Share (0–1) of adapter calls that fail with `unavailable`; 1 shows the error state. */
  failRate?: number;
  /** Which operations `failRate` applies to (default: all). */
  failOn?: MemoryOperation[];
  /** Start with no records (people stay), for the empty state. */
  empty?: boolean;
  /** Extra records by collection, merged over the seed. */
  records?: Record<string, LcRecord[]>;
  /** Who is looking (default: Maya Okafor, branch librarian). `null` for an anonymous viewer. */
  viewer?: { id: string; name?: string; roles?: string[] } | null;
  /** The provider's community (default `library-staff`). */
  community?: string;
  /** The provider's `theme` (`auto`, `light`, `dark`). */
  theme?: 'auto' | 'light' | 'dark';
  /** `dir` on the wrapper, for right-to-left stories. */
  dir?: 'ltr' | 'rtl';
  /** `lang` on the wrapper, for another locale. */
  lang?: string;
}

export const people: Person[] = [
  { id: 'u-maya', name: 'Maya Okafor', title: 'Branch Librarian', team: 'Branch 7' },
  { id: 'u-daniel', name: 'Daniel Reyes', title: 'Library Assistant', team: 'Branch 7' },
  { id: 'u-priya', name: 'Priya Natarajan', title: "Children's Services Lead", team: 'Central' },
  { id: 'u-tom', name: 'Tom Lindqvist', title: 'Digital Services Librarian', team: 'Central' },
  { id: 'u-aisha', name: 'Aisha Bello', title: 'Outreach Coordinator', team: 'Mobile Library' },
  { id: 'u-ruth', name: 'Ruth Abernathy', title: 'Circulation Supervisor', team: 'Central' },
  { id: 'u-kenji', name: 'Kenji Watanabe', title: 'Archivist', team: 'Local History' },
  { id: 'u-lucia', name: 'Lucía Fernández', title: 'Adult Literacy Tutor', team: 'Branch 3' },
  { id: 'u-sam', name: 'Sam Whitfield', title: 'Shelver (part-time)', team: 'Branch 7' },
  { id: 'u-noor', name: 'Noor Haddad', title: 'Learning & PD Manager', team: 'Administration' },
];

const DAY = 86_400_000;
const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY - hours * 3_600_000).toISOString();
const stamp = (days: number, hours = 0) => ({ createdAt: ago(days, hours), updatedAt: ago(days, hours) });

/** Seed records by collection, in the shapes the elements store (their validators accept them). */
export function seedRecords(): Record<string, LcRecord[]> {
  const name = (id: string) => people.find((p) => p.id === id)!.name;
  const to = (...ids: string[]) => ids.map((id) => ({ id, name: name(id) }));
  const day = (daysAgo: number) => ago(daysAgo).slice(0, 10);
  return {
    kudos: [
      {
        id: 'k-1',
        wallId: 'branch-7',
        authorId: 'u-maya',
        authorName: name('u-maya'),
        anonymous: false,
        recipients: to('u-daniel'),
        message: 'Daniel calmly talked a patron through resetting their e-book app during the Saturday rush. Thank you!',
        value: 'Helped a colleague',
        ...stamp(0, 3),
      },
      {
        id: 'k-2',
        wallId: 'branch-7',
        authorId: 'u-priya',
        authorName: name('u-priya'),
        anonymous: false,
        recipients: to('u-sam', 'u-daniel'),
        message: 'The picture-book bins were reshelved before story time. The kids noticed, and so did I.',
        ...stamp(1, 5),
      },
      {
        id: 'k-3',
        wallId: 'branch-7',
        authorId: 'u-aisha',
        anonymous: true,
        recipients: to('u-maya'),
        message: 'Thanks for covering the mobile library stop at Eastfield at short notice.',
        value: 'Helped a colleague',
        ...stamp(3),
      },
      {
        id: 'k-4',
        wallId: 'branch-7',
        authorId: 'u-tom',
        authorName: name('u-tom'),
        anonymous: false,
        recipients: to('u-ruth'),
        message: 'Ruth spotted the hold-shelf barcode problem before it reached patrons, and wrote up the fix for everyone.',
        value: 'Shared knowledge',
        ...stamp(6),
      },
    ],
    'kudos-reactions': [
      {
        id: 'k-1:u-priya:👏',
        kudosId: 'k-1',
        wallId: 'branch-7',
        userId: 'u-priya',
        userName: name('u-priya'),
        emoji: '👏',
        ...stamp(0, 2),
      },
      { id: 'k-1:u-tom:🎉', kudosId: 'k-1', wallId: 'branch-7', userId: 'u-tom', userName: name('u-tom'), emoji: '🎉', ...stamp(0, 1) },
      { id: 'k-2:u-maya:❤️', kudosId: 'k-2', wallId: 'branch-7', userId: 'u-maya', userName: name('u-maya'), emoji: '❤️', ...stamp(1) },
    ],
    reflections: [
      {
        id: 'r-1',
        promptId: 'week-3',
        series: 'week-3',
        authorId: 'u-daniel',
        authorName: name('u-daniel'),
        visibility: 'community',
        answers: [
          {
            questionId: 'q1',
            question: 'What stood out for you in this meeting?',
            text: 'A patron showed me how she uses the large-print catalogue filter. I had never tried it.',
          },
        ],
        commitment: 'Demo the large-print filter at the desk this week.',
        submittedAt: ago(1, 2),
        ...stamp(1, 2),
      },
      {
        id: 'r-2',
        promptId: 'week-3',
        series: 'week-3',
        authorId: 'u-lucia',
        visibility: 'anonymous',
        answers: [
          {
            questionId: 'q1',
            question: 'What stood out for you in this meeting?',
            text: 'Our literacy learners ask more questions when the session starts with a story instead of a worksheet.',
          },
        ],
        submittedAt: ago(2),
        ...stamp(2),
      },
    ],
    'credit-entries': [
      {
        id: 'c-1',
        programId: 'staff-pd',
        authorId: 'u-maya',
        authorName: name('u-maya'),
        title: 'Trauma-informed customer service',
        kind: 'learning',
        category: 'course',
        amount: 3,
        date: day(40),
        status: 'approved',
        ...stamp(40),
      },
      {
        id: 'c-2',
        programId: 'staff-pd',
        authorId: 'u-maya',
        authorName: name('u-maya'),
        title: 'State library e-resources update',
        kind: 'learning',
        category: 'webinar',
        amount: 1.5,
        date: day(21),
        status: 'approved',
        ...stamp(21),
      },
      {
        id: 'c-3',
        programId: 'staff-pd',
        authorId: 'u-maya',
        authorName: name('u-maya'),
        title: 'Led the Tuesday circle on reader advisory',
        kind: 'sharing',
        category: 'leading a session',
        amount: 2,
        date: day(9),
        status: 'approved',
        ...stamp(9),
      },
      {
        id: 'c-4',
        programId: 'staff-pd',
        authorId: 'u-maya',
        authorName: name('u-maya'),
        title: 'Article: Libraries as third places',
        kind: 'learning',
        category: 'reading',
        amount: 1,
        date: day(2),
        status: 'approved',
        ...stamp(2),
      },
    ],
  };
}

/** A memory adapter for one story: seeded, with the story's latency and failure settings. */
export function createStoryAdapter(options: LcStoryOptions = {}): MemoryAdapter {
  const community = options.community ?? COMMUNITY;
  const records = options.empty ? {} : seedRecords();
  for (const [collection, extra] of Object.entries(options.records ?? {})) records[collection] = [...(records[collection] ?? []), ...extra];
  const backend = new MemoryBackend({ people, seed: { [community]: records } });
  const forever = options.latency === 'forever';
  const viewer = options.viewer === null ? undefined : (options.viewer ?? { id: 'u-maya', name: 'Maya Okafor', roles: ['member'] });
  return new MemoryAdapter({
    community,
    backend,
    viewer,
    latency: forever ? 0 : (options.latency as number | undefined),
    failRate: options.failRate,
    failOn: options.failOn,
    before: forever ? () => new Promise<void>(() => {}) : undefined,
  });
}

const adapters = new Map<string, MemoryAdapter>();

/**
 * Wraps the story in `<lc-provider>` with a seeded memory adapter (set as the `.adapter` property).
 * One adapter per story and settings, so changing a control keeps the data the story has written.
 */
export const withLcProvider: Decorator = (story, context) => {
  const options = (context.parameters.lc ?? {}) as LcStoryOptions;
  const key = `${context.id}:${JSON.stringify(options)}`;
  let adapter = adapters.get(key);
  if (!adapter) adapters.set(key, (adapter = createStoryAdapter(options)));
  return html`<div class="lc-story" dir=${options.dir ?? 'ltr'} lang=${options.lang ?? 'en'}>
    <lc-provider .adapter=${adapter} community=${options.community ?? COMMUNITY} theme=${options.theme ?? 'auto'}>${story()}</lc-provider>
  </div>`;
};
