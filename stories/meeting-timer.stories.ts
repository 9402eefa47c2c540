import { html, nothing } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/meeting-timer/define.js';
import type { LcRecord } from '../src/core/adapter.js';
import { createState, presetAgenda, reduce, toRecord, type PresetName, type TimerAction } from '../src/elements/meeting-timer/model.js';
import { timerMessages } from '../src/elements/meeting-timer/messages.js';
import { withLcProvider, type LcStoryOptions } from './decorators.js';

/**
 * `<lc-meeting-timer>`: the Tuesday learning circle of a public library's staff, facilitated by
 * Noor Haddad (Learning & PD Manager). Shared states are seeded as `meetings` records with times
 * relative to the moment the story opens, so a "running" meeting is running whenever you look.
 */

const MIN = 60_000;
const NOOR = { id: 'u-noor', name: 'Noor Haddad', roles: ['facilitator'] };
const MAYA = { id: 'u-maya', name: 'Maya Okafor', roles: ['member'] };

const names = (key: string) => (timerMessages as Record<string, unknown>)[key] as string;

/** A meeting record after `steps` (actions at minutes before now). */
function meeting(id: string, steps: [TimerAction, number][], preset: PresetName = 'reflect-learn-next'): LcRecord {
  const now = Date.now();
  const state = steps.reduce(
    (s, [action, minutesAgo]) => reduce(s, action, now - minutesAgo * MIN),
    createState(presetAgenda(preset, names)),
  );
  return { id, title: 'Tuesday circle', facilitatorId: 'u-noor', ...toRecord(state) };
}

const lc = (options: LcStoryOptions): StoryObj['parameters'] => ({ lc: { viewer: NOOR, ...options } });

interface Args {
  meetingId?: string;
  preset?: string;
  compact?: boolean;
  muted?: boolean;
  flash?: boolean;
  autoAdvance?: boolean;
}

const timer = (a: Args) =>
  html`<lc-meeting-timer
    meeting-id=${a.meetingId ?? nothing}
    preset=${a.preset ?? nothing}
    ?compact=${!!a.compact}
    ?muted=${!!a.muted}
    ?flash=${!!a.flash}
    ?auto-advance=${!!a.autoAdvance}
  ></lc-meeting-timer>`;

const meta = {
  title: 'Elements/Meeting timer',
  component: 'lc-meeting-timer',
  decorators: [withLcProvider],
  args: { meetingId: 'tuesday-circle', preset: 'reflect-learn-next', compact: false, muted: false, flash: false, autoAdvance: false },
  argTypes: {
    preset: { control: 'select', options: ['reflect-learn-next', 'intro-reflect-learn-next', '1-2-4-all'] },
  },
  render: (args) => timer(args as Args),
  parameters: lc({}),
} satisfies Meta;
export default meta;

type Story = StoryObj;

/** Reflect 30 · learn together 45 · what's next 15, ready for the facilitator to start. */
export const ReflectLearnNext: Story = {};

/** With a 10-minute introductions round first: good when new members join. */
export const IntroReflectLearnNext: Story = { args: { preset: 'intro-reflect-learn-next', meetingId: 'intro-circle' } };

/** Liberating Structures' 1-2-4-All: 1 min alone, 2 in pairs, 4 in fours, 5 all together; moves on by itself. */
export const OneTwoFourAll: Story = { args: { preset: '1-2-4-all', meetingId: 'one-two-four', autoAdvance: true } };

/** A custom agenda from `<lc-segment>` children, with rich guidance. */
export const CustomAgenda: Story = {
  render: () =>
    html`<lc-meeting-timer meeting-id="case-clinic">
      <lc-segment name="Check-in" minutes="5">One word: how are you arriving today?</lc-segment>
      <lc-segment name="Case clinic" minutes="35">
        <ul>
          <li>The case giver describes a challenge (5 min).</li>
          <li>Clarifying questions only (5 min).</li>
          <li>Coaches brainstorm while the case giver listens (15 min).</li>
          <li>The case giver reflects on what they heard (10 min).</li>
        </ul>
      </lc-segment>
      <lc-segment name="Commitments" minutes="10">What will you try before next time? Say it to the group.</lc-segment>
    </lc-meeting-timer>`,
};

/** Twelve minutes into "Time to reflect". */
export const Running: Story = {
  args: { meetingId: 'running' },
  parameters: lc({ records: { meetings: [meeting('running', [[{ type: 'start' }, 12]])] } }),
};

/** Paused in "Learning together", with 20 minutes left. */
export const Paused: Story = {
  args: { meetingId: 'paused' },
  parameters: lc({
    records: {
      meetings: [
        meeting('paused', [
          [{ type: 'start' }, 60],
          [{ type: 'next' }, 28],
          [{ type: 'pause' }, 3],
        ]),
      ],
    },
  }),
};

/** "Time to reflect" ran 4 minutes over, and a minute was added once. */
export const Overtime: Story = {
  args: { meetingId: 'overtime' },
  parameters: lc({
    records: {
      meetings: [
        meeting('overtime', [
          [{ type: 'start' }, 35],
          [{ type: 'addMinute' }, 20],
        ]),
      ],
    },
  }),
};

/** The meeting is over: planned against actual time, with a CSV download. */
export const FinishedWithSummary: Story = {
  args: { meetingId: 'finished' },
  parameters: lc({
    records: {
      meetings: [
        meeting('finished', [
          [{ type: 'start' }, 100],
          [{ type: 'next' }, 66],
          [{ type: 'addMinute' }, 25],
          [{ type: 'next' }, 19],
          [{ type: 'next' }, 2],
        ]),
      ],
    },
  }),
};

/** What a participant sees: the same timer, read-only. */
export const ReadOnlyParticipant: Story = {
  args: { meetingId: 'running' },
  parameters: lc({ viewer: MAYA, records: { meetings: [meeting('running', [[{ type: 'start' }, 12]])] } }),
};

/** The compact layout, for a sidebar. */
export const Compact: Story = {
  args: { compact: true, meetingId: 'running' },
  render: (args) =>
    html`<div class="sidebar">${timer(args as Args)}</div>
      <style>
        .sidebar {
          max-inline-size: 20rem;
        }
      </style>`,
  parameters: lc({ records: { meetings: [meeting('running', [[{ type: 'start' }, 12]])] } }),
};

/** A local timer: no `meeting-id`, kept in this browser across reloads. */
export const Local: Story = { args: { meetingId: undefined } };

export const Spanish: Story = {
  args: { meetingId: 'running' },
  parameters: lc({ lang: 'es', records: { meetings: [meeting('running', [[{ type: 'start' }, 12]])] } }),
};

export const RightToLeft: Story = {
  args: { meetingId: 'running' },
  parameters: lc({ dir: 'rtl', records: { meetings: [meeting('running', [[{ type: 'start' }, 12]])] } }),
};

export const Dark: Story = {
  args: { meetingId: 'overtime' },
  parameters: lc({
    theme: 'dark',
    records: {
      meetings: [
        meeting('overtime', [
          [{ type: 'start' }, 35],
          [{ type: 'addMinute' }, 20],
        ]),
      ],
    },
  }),
};

/** Token overrides: the library's plum accent, a teal overtime colour, larger type. */
export const Themed: Story = {
  args: { meetingId: 'running' },
  render: (args) =>
    html`<div class="themed">${timer(args as Args)}</div>
      <style>
        .themed {
          --lc-color-accent: #7a1f5c;
          --lc-meeting-timer-overtime-color: #8a4b00;
          --lc-meeting-timer-time-size: 4.5rem;
          --lc-meeting-timer-ring-size: 17rem;
          --lc-radius-l: 24px;
          --lc-font-body: Georgia, serif;
        }
      </style>`,
  parameters: lc({ records: { meetings: [meeting('running', [[{ type: 'start' }, 12]])] } }),
};

/** The shared state is still loading. */
export const Loading: Story = { parameters: lc({ latency: 'forever' }) };

/** The shared state could not be loaded; Try again asks once more. */
export const LoadError: Story = { parameters: lc({ failRate: 1, failOn: ['get'] }) };
