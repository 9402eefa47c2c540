import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/kudos-wall/define.js';
import type { LcRecord } from '../src/core/adapter.js';
import type { KudosRecord } from '../src/elements/kudos-wall/model.js';
import { people, withLcProvider, type LcStoryOptions } from './decorators.js';

/**
 * `<lc-kudos-wall>`: peer recognition for a public library's staff, seen by Maya Okafor. The
 * records replace the decorator's guessed kudos (same ids) and add reactions and a report. Dates
 * are relative to today, so every story looks the same whenever it is opened.
 */

const VALUES = 'Shared knowledge, Helped a colleague, Tried something new, Went the extra mile';
const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const who = (id: string) => {
  const p = people.find((x) => x.id === id)!;
  return { id: p.id, name: p.name };
};

function kudos(id: string, authorId: string, to: string[], message: string, hours: number, extra: Partial<KudosRecord> = {}): KudosRecord {
  return {
    id,
    wallId: 'branch-7',
    authorId,
    authorName: who(authorId).name,
    anonymous: false,
    recipients: to.map(who),
    message,
    createdAt: ago(hours),
    updatedAt: ago(hours),
    ...extra,
  };
}

const WALL: KudosRecord[] = [
  kudos(
    'k-1',
    'u-maya',
    ['u-daniel'],
    'Daniel calmly talked a patron through resetting their e-book app during the Saturday rush. Thank you!',
    3,
    {
      value: 'Helped a colleague',
    },
  ),
  kudos(
    'k-2',
    'u-priya',
    ['u-sam', 'u-daniel'],
    'The picture-book bins were reshelved before story time. The kids noticed, and so did I.',
    29,
    {
      value: 'Went the extra mile',
    },
  ),
  kudos('k-3', 'u-aisha', ['u-maya'], 'Thanks for covering the mobile library stop at Eastfield at short notice.', 72),
  kudos('k-4', 'u-tom', ['u-ruth'], 'Ruth spotted the hold-shelf barcode problem before it reached patrons.', 144, {
    value: 'Shared knowledge',
  }),
  kudos('k-5', 'u-kenji', ['u-lucia'], 'Lucía’s bilingual flyer for the local-history walk brought in twelve new visitors. ¡Gracias!', 5, {
    value: 'Tried something new',
  }),
  kudos(
    'k-6',
    'u-noor',
    ['u-priya', 'u-aisha', 'u-tom'],
    'The staff PD day ran like clockwork. Every session started on time and the feedback forms are glowing.',
    50,
    {
      value: 'Went the extra mile',
    },
  ),
  {
    ...kudos('k-7', 'u-sam', ['u-kenji'], 'Whoever fixed the jammed microfilm reader: you saved my afternoon.', 20),
    anonymous: true,
    authorName: undefined,
  },
  kudos('k-8', 'u-ruth', ['u-noor'], 'Thank you for listening when the rota got hard. It made a real difference.', 200, {
    value: 'Helped a colleague',
  }),
];

const reaction = (kudosId: string, userId: string, emoji: string, hours: number): LcRecord => ({
  id: `${kudosId}:${userId}:${emoji}`,
  kudosId,
  wallId: 'branch-7',
  userId,
  userName: who(userId).name,
  emoji,
  authorId: userId,
  createdAt: ago(hours),
});

const REACTIONS: LcRecord[] = [
  reaction('k-1', 'u-priya', '👏', 2),
  reaction('k-1', 'u-tom', '🎉', 2),
  reaction('k-1', 'u-sam', '🎉', 1),
  reaction('k-2', 'u-maya', '❤️', 20),
  reaction('k-5', 'u-noor', '💡', 4),
  reaction('k-5', 'u-maya', '🎉', 4),
  reaction('k-6', 'u-daniel', '👏', 40),
];

const records = (extra: Record<string, LcRecord[]> = {}): Record<string, LcRecord[]> => ({
  kudos: WALL,
  'kudos-reactions': REACTIONS,
  ...extra,
});

/** 10,000 kudos over the past year, newest first, for the scale story. */
function bigWall(count = 10_000): KudosRecord[] {
  const lines = [
    'Thanks for stepping in at the desk.',
    'Your story time drew a full house again!',
    'The new signage makes the stacks so much easier to navigate.',
    'Thank you for mentoring our new volunteer.',
    'You untangled the interlibrary loan backlog. Heroic.',
  ];
  const values = VALUES.split(', ');
  return Array.from({ length: count }, (_, i) => {
    const a = people[i % people.length];
    const b = people[(i * 7 + 3) % people.length];
    const to = b.id === a.id ? people[(i + 1) % people.length] : b;
    return kudos(
      `big-${i}`,
      a.id,
      [to.id],
      `${lines[i % lines.length]} (#${count - i})`,
      0.5 + i * 0.9,
      i % 3 ? { value: values[i % values.length] } : {},
    );
  });
}

const lc = (options: LcStoryOptions = {}) => ({ lc: { records: records(), ...options } });

const meta = {
  title: 'Elements/Kudos wall',
  component: 'lc-kudos-wall',
  decorators: [withLcProvider],
  args: {
    'wall-id': 'branch-7',
    layout: 'wall',
    compose: 'inline',
    values: VALUES,
    'require-value': false,
    'allow-anonymous': true,
    'show-summary': false,
    'show-leaders': false,
  },
  argTypes: {
    layout: { control: 'inline-radio', options: ['wall', 'feed', 'compact', 'spotlight'] },
    compose: { control: 'inline-radio', options: ['inline', 'button', 'none'] },
  },
  render: (args) =>
    html`<lc-kudos-wall
      wall-id=${args['wall-id']}
      layout=${args.layout}
      compose=${args.compose}
      values=${args.values}
      ?require-value=${args['require-value']}
      ?allow-anonymous=${args['allow-anonymous']}
      ?show-summary=${args['show-summary']}
      ?show-leaders=${args['show-leaders']}
    ></lc-kudos-wall>`,
  parameters: lc(),
} satisfies Meta;
export default meta;

type Story = StoryObj;

/** The default card grid, with the month's summary and the leaderboard. */
export const Wall: Story = { args: { 'show-summary': true, 'show-leaders': true } };

/** One column, as in a news feed; giving opens a dialog. */
export const Feed: Story = { args: { layout: 'feed', compose: 'button' } };

/** A narrow list for an intranet sidebar. */
export const Compact: Story = {
  args: { layout: 'compact', compose: 'button' },
  render: (args) =>
    html`<div class="kudos-sidebar">
      <style>
        .kudos-sidebar {
          max-inline-size: 22rem;
        }
      </style>
      ${meta.render(args)}
    </div>`,
};

/** One kudos at a time, for lobby screens and banners: rotates, pauses on hover or focus, still under reduced motion. */
export const Spotlight: Story = { args: { layout: 'spotlight', compose: 'none' } };

/** Nobody has given kudos yet. */
export const Empty: Story = { parameters: { lc: { empty: true } } };

/** Loading: the adapter never answers. */
export const Loading: Story = { parameters: lc({ latency: 'forever' }) };

/** Every adapter call fails: the wall says so and offers to try again. */
export const Error: Story = { parameters: lc({ failRate: 1, failOn: ['list'] }) };

/** 10,000 kudos: only the cards near the viewport are in the DOM; pages load as you scroll. */
export const TenThousand: Story = {
  name: '10,000 kudos',
  args: { layout: 'feed', compose: 'button' },
  parameters: { lc: { records: { kudos: bigWall() } } },
};

/** A moderator sees reports and hidden kudos, can hide, unhide and export. */
export const Moderation: Story = {
  parameters: lc({
    viewer: { id: 'u-noor', name: 'Noor Haddad', roles: ['member', 'moderator'] },
    records: records({
      kudos: [
        ...WALL,
        kudos('k-9', 'u-tom', ['u-sam'], 'Sam finally learned where the good biscuits are hidden (staff room, top shelf).', 10, {
          hidden: true,
          hiddenReason: 'Joke at a colleague’s expense',
          hiddenBy: 'u-noor',
        }),
      ],
      'kudos-reports': [
        {
          id: 'k-7:u-ruth',
          kudosId: 'k-7',
          wallId: 'branch-7',
          reporterId: 'u-ruth',
          reason: 'Sounds sarcastic to me',
          authorId: 'u-ruth',
          createdAt: ago(6),
        },
      ],
    }),
  }),
};

/** "Post without my name" is offered, and a value is required. */
export const AnonymousAllowed: Story = { args: { 'allow-anonymous': true, 'require-value': true } };

export const Spanish: Story = {
  args: { values: 'Compartió conocimiento, Ayudó a un colega, Probó algo nuevo', 'show-summary': true },
  parameters: lc({ lang: 'es' }),
};

export const RightToLeft: Story = { parameters: lc({ dir: 'rtl', lang: 'ar' }) };

export const Dark: Story = { args: { 'show-summary': true }, parameters: lc({ theme: 'dark' }) };

/** Token overrides on the provider: accent, radius, surfaces, card width. */
export const Themed: Story = {
  render: (args) =>
    html`<div class="kudos-themed">
      <style>
        .kudos-themed lc-kudos-wall {
          --lc-color-accent: #7a1f5c;
          --lc-kudos-wall-accent: #c2410c;
          --lc-kudos-wall-card-radius: 2px;
          --lc-kudos-wall-card-surface: #fffbf5;
          --lc-kudos-wall-card-min: 20rem;
          --lc-font-body: Georgia, serif;
        }
      </style>
      ${meta.render(args)}
    </div>`,
  parameters: lc({ theme: 'light' }),
};
