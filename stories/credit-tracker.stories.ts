import { html, nothing } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/credit-tracker/define.js';
import type { LcRecord } from '../src/core/adapter.js';
import { withLcProvider, type LcStoryOptions } from './decorators.js';

/**
 * `<lc-credit-tracker>`: professional-development credit for learning and sharing. The seed
 * data is Maya Okafor's year in the `2027-staff-pd` program of a public library's staff; dates
 * are relative to today, so every story looks the same whenever it is opened.
 */

const PROGRAM = '2027-staff-pd';
const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** A day `n` days before today (negative: after). */
const daysAgo = (n: number) => dayOf(new Date(Date.now() - n * 86_400_000));
/** A day this calendar year, `f` of the way from 1 January to today (so it is never in the future). */
const thisYear = (f: number) => {
  const now = new Date();
  const start = new Date(now.getFullYear(), 0, 1).getTime();
  return dayOf(new Date(start + (now.getTime() - start) * f));
};

let seq = 0;
function entry(
  over: Partial<LcRecord> & { title: string; amount: number; date: string },
  author = { id: 'u-maya', name: 'Maya Okafor' },
): LcRecord {
  seq++;
  return {
    id: `ce-${seq}`,
    programId: PROGRAM,
    periodKey: '',
    authorId: author.id,
    authorName: author.name,
    kind: 'learning',
    category: 'course',
    status: 'approved',
    createdAt: new Date(Date.now() - seq * 3_600_000).toISOString(),
    ...over,
  };
}

/** Maya's year so far: 7 of 12 credits, learning 5 of 6, sharing 2 of 3. */
const partway = (): LcRecord[] => [
  entry({
    title: 'Trauma-informed customer service',
    category: 'course',
    amount: 3,
    date: thisYear(0.1),
    evidenceUrl: 'https://example.org/certificates/tics-2027.pdf',
  }),
  entry({ title: 'State library e-resources update', category: 'webinar', amount: 1, date: thisYear(0.35) }),
  entry({
    title: 'Article: Libraries as third places',
    category: 'reading',
    amount: 1,
    date: thisYear(0.6),
    note: 'Ideas for the Branch 7 reading corner.',
  }),
  entry({ title: 'Showed the team the new catalogue filters', kind: 'sharing', category: 'presenting', amount: 1, date: thisYear(0.5) }),
  entry({ title: 'Mentored Daniel on reference interviews', kind: 'sharing', category: 'mentoring', amount: 1, date: thisYear(0.8) }),
];

const complete = (): LcRecord[] => [
  ...partway(),
  entry({ title: 'Regional library association conference', category: 'conference', amount: 4, date: thisYear(0.9) }),
  entry({ title: 'Led the Tuesday learning circle', kind: 'sharing', category: 'leading', amount: 1.5, date: thisYear(0.95) }),
];

interface Attrs {
  required?: number;
  minLearning?: number;
  minSharing?: number;
  period?: string;
  periodStart?: string;
  unit?: string;
  maxPerEntry?: number;
  requireApproval?: boolean;
  view?: string;
}
const REQUIREMENTS: Attrs = { required: 12, minLearning: 6, minSharing: 3 };
const tracker = (a: Attrs = REQUIREMENTS) =>
  html`<lc-credit-tracker
    program-id=${PROGRAM}
    required=${a.required ?? nothing}
    min-learning=${a.minLearning ?? nothing}
    min-sharing=${a.minSharing ?? nothing}
    period=${a.period ?? nothing}
    period-start=${a.periodStart ?? nothing}
    unit=${a.unit ?? nothing}
    max-per-entry=${a.maxPerEntry ?? nothing}
    ?require-approval=${!!a.requireApproval}
    view=${a.view ?? nothing}
  ></lc-credit-tracker>`;

const lc = (options: LcStoryOptions): StoryObj['parameters'] => ({ lc: options });

const meta = {
  title: 'Elements/Credit tracker',
  component: 'lc-credit-tracker',
  decorators: [withLcProvider],
  args: { programId: PROGRAM, required: 12, minLearning: 6, minSharing: 3 },
  render: (args) =>
    html`<lc-credit-tracker
      program-id=${args.programId}
      required=${args.required}
      min-learning=${args.minLearning}
      min-sharing=${args.minSharing}
    ></lc-credit-tracker>`,
  parameters: lc({ records: { 'credit-entries': partway() } }),
} satisfies Meta;
export default meta;

type Story = StoryObj;

/** Nothing logged yet in this period. */
export const Empty: Story = { parameters: lc({ empty: true }) };

/** Part of the way there: the text summary, three bars and the pace by bucket. */
export const Partway: Story = {};

/** A period that ends in 60 days with little done: "behind: … needed in 2 months (about … a month)". */
export const BehindPace: Story = {
  render: () => tracker({ ...REQUIREMENTS, period: `${daysAgo(305)}/${daysAgo(-60)}` }),
  parameters: lc({
    records: {
      'credit-entries': [
        entry({ title: 'Copyright basics for librarians', category: 'course', amount: 2, date: daysAgo(200) }),
        entry({ title: 'Book talk at the staff meeting', kind: 'sharing', category: 'presenting', amount: 0.5, date: daysAgo(30) }),
      ],
    },
  }),
};

/** Every requirement met: check marks and "Complete" on each bar. (The celebration plays when the last entry is logged.) */
export const Complete: Story = { parameters: lc({ records: { 'credit-entries': complete() } }) };

/** Hours instead of credits, with decimals in quarter steps and a cap per activity. */
export const HoursUnit: Story = {
  render: () => tracker({ required: 20, minLearning: 12, minSharing: 4, unit: 'hours', maxPerEntry: 8 }),
  parameters: lc({
    records: {
      'credit-entries': [
        entry({ title: 'Dementia-friendly libraries workshop', category: 'course', amount: 3.5, date: thisYear(0.2) }),
        entry({ title: 'Webinar: accessible events', category: 'webinar', amount: 1.25, date: thisYear(0.4) }),
        entry({ title: 'Peer observation: baby rhyme time', category: 'observation', amount: 0.75, date: thisYear(0.7) }),
        entry({ title: 'Tutored Sam on the self-checkout', kind: 'sharing', category: 'tutoring', amount: 1.5, date: thisYear(0.9) }),
      ],
    },
  }),
};

/** A July fiscal year set once by an admin in the program record; earlier years are in the period picker. */
export const FiscalYear: Story = {
  render: () => tracker({}),
  parameters: lc({
    records: {
      'credit-programs': [{ id: PROGRAM, required: 10, minLearning: 5, minSharing: 2, period: 'year', periodStart: '07-01' }],
      'credit-entries': [
        ...partway(),
        entry({ title: 'Last fiscal year: cataloguing refresher', category: 'course', amount: 6, date: daysAgo(400) }),
        entry({ title: 'Last fiscal year: wrote the staff blog', kind: 'sharing', category: 'writing', amount: 2, date: daysAgo(420) }),
      ],
    },
  }),
};

/** Approval required: entries wait for an approver; waiting credit is shown apart, a returned entry shows the comment. */
export const ApprovalPending: Story = {
  render: () => tracker({ ...REQUIREMENTS, requireApproval: true }),
  parameters: lc({
    records: {
      'credit-entries': [
        ...partway(),
        entry({ title: 'Regional conference, day 1', category: 'conference', amount: 4, date: daysAgo(3), status: 'pending' }),
        entry({
          title: 'Wrote the summer reading guide',
          kind: 'sharing',
          category: 'writing',
          amount: 2,
          date: daysAgo(10),
          status: 'returned',
          reviewerId: 'u-noor',
          reviewComment: 'Please add a link to the published guide.',
        }),
      ],
    },
  }),
};

const team = (): LcRecord[] => [
  ...partway(),
  entry({ title: 'Customer service refresher', amount: 2, date: thisYear(0.3) }, { id: 'u-daniel', name: 'Daniel Reyes' }),
  entry({ title: 'Early literacy course', amount: 6, date: thisYear(0.4) }, { id: 'u-priya', name: 'Priya Natarajan' }),
  entry(
    { title: 'Led storytime training', kind: 'sharing', category: 'leading', amount: 3, date: thisYear(0.6) },
    { id: 'u-priya', name: 'Priya Natarajan' },
  ),
  entry({ title: 'Digital skills webinar', category: 'webinar', amount: 7, date: thisYear(0.5) }, { id: 'u-tom', name: 'Tom Lindqvist' }),
  entry(
    { title: 'Taught the 3D printer', kind: 'sharing', category: 'presenting', amount: 2, date: thisYear(0.7) },
    { id: 'u-tom', name: 'Tom Lindqvist' },
  ),
  entry(
    { title: 'Outreach conference', category: 'conference', amount: 3, date: daysAgo(2), status: 'pending' },
    { id: 'u-aisha', name: 'Aisha Bello' },
  ),
  entry(
    { title: 'Mentored a new volunteer', kind: 'sharing', category: 'mentoring', amount: 1, date: daysAgo(1), status: 'pending' },
    { id: 'u-lucia', name: 'Lucía Fernández' },
  ),
];

/** A manager and approver: one row per member (most behind first, sortable, CSV) and the entries waiting for approval. */
export const TeamView: Story = {
  render: () => tracker({ ...REQUIREMENTS, requireApproval: true, view: 'team' }),
  parameters: lc({ viewer: { id: 'u-noor', name: 'Noor Haddad', roles: ['manager', 'approver'] }, records: { 'credit-entries': team() } }),
};

/** The same tag for a member: no team data is read or shown. */
export const TeamViewAsMember: Story = {
  render: () => tracker({ ...REQUIREMENTS, view: 'team' }),
  parameters: lc({ records: { 'credit-entries': team() } }),
};

export const Loading: Story = { parameters: lc({ latency: 'forever' }) };

/** The backend is down: an error with Try again. */
export const Error: Story = { parameters: lc({ failRate: 1, failOn: ['list', 'get'] }) };

export const Spanish: Story = { parameters: lc({ lang: 'es', records: { 'credit-entries': partway() } }) };

export const RightToLeft: Story = { parameters: lc({ dir: 'rtl', records: { 'credit-entries': partway() } }) };

export const Dark: Story = { parameters: lc({ theme: 'dark', records: { 'credit-entries': partway() } }) };

const THEME: Record<string, string> = {
  '--lc-color-accent': '#7a1f5c',
  '--lc-credit-tracker-learning-color': '#0b6e4f',
  '--lc-credit-tracker-sharing-color': '#b3541e',
  '--lc-credit-tracker-surface': '#fbf7f2',
  '--lc-credit-tracker-radius': '2px',
  '--lc-font-body': 'Georgia, serif',
};

/** Token overrides on a wrapper (set through CSSOM, which a strict CSP allows): accent, bucket colours, card surface and radius, font. */
export const Themed: Story = {
  render: (args) =>
    html`<div ${ref((el) => el && Object.entries(THEME).forEach(([k, v]) => (el as HTMLElement).style.setProperty(k, v)))}>
      ${meta.render(args)}
    </div>`,
  parameters: lc({ theme: 'light', records: { 'credit-entries': partway() } }),
};
