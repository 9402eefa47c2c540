import { html, nothing } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../src/elements/reflection-prompt/define.js';
import type { LcRecord } from '../src/core/adapter.js';
import { withLcProvider, type LcStoryOptions } from './decorators.js';

/**
 * `<lc-reflection-prompt>`: a structured reflection that is never lost, with the practice loop.
 * The seed data is the Tuesday learning circle of a public library's staff, seen by Maya Okafor.
 * Dates are relative to today, so every story looks the same whenever it is opened.
 */

const SERIES = 'tuesday-circle';
const ago = (days: number, hours = 0) => new Date(Date.now() - days * 86_400_000 - hours * 3_600_000).toISOString();
let seq = 0;
function reflection(over: Partial<LcRecord> & { text?: string; question?: string }): LcRecord {
  const { text = '', question = 'What stood out for you in this meeting?', ...rest } = over;
  seq++;
  return {
    id: `story-r-${seq}`,
    promptId: 'tuesday-next',
    series: SERIES,
    visibility: 'community',
    authorId: 'u-maya',
    authorName: 'Maya Okafor',
    answers: [{ questionId: 'stood-out', question, text }],
    createdAt: ago(7),
    ...rest,
  };
}

/** Maya's own reflections in the series: the last one holds a commitment not yet followed up. */
const mine = (): LcRecord[] => [
  reflection({
    text: 'Daniel’s role-play of a reference interview. Asking “what will you use it for?” changed the whole conversation.',
    commitment: 'Ask one open question before searching the catalogue, at every desk shift this week.',
    answers: [
      {
        questionId: 'stood-out',
        question: 'What stood out for you in this meeting?',
        text: 'Daniel’s role-play of a reference interview. Asking “what will you use it for?” changed the whole conversation.',
      },
      {
        questionId: 'practice',
        question: 'What will you put into practice?',
        text: 'Ask one open question before searching the catalogue, at every desk shift this week.',
      },
      { questionId: 'learn-next', question: 'What do you want to learn next time?', text: 'How Priya runs story time for mixed ages.' },
    ],
    visibility: 'private',
    createdAt: ago(7, 1),
  }),
  reflection({
    promptId: 'tuesday-reflect',
    question: 'What was disappointing, and what did you learn from it?',
    text: 'The e-book workshop had two attendees. The flyer went out the same day; next time two weeks ahead.',
    followUp: {
      previousId: 'story-r-0',
      previousCommitment: 'Greet regulars by name',
      text: 'Easier than I thought. Two patrons stayed to chat about the reading group.',
    },
    visibility: 'private',
    createdAt: ago(14),
  }),
];

/** Others' responses to `tuesday-next`: community ones with names, anonymous ones without. */
const shared = (): LcRecord[] => [
  reflection({
    authorId: 'u-daniel',
    authorName: 'Daniel Reyes',
    text: 'Hearing that the hold-shelf problem was caught by Ruth. I want to learn how she spotted it.',
    createdAt: ago(0, 2),
  }),
  reflection({
    authorId: 'u-priya',
    authorName: 'Priya Natarajan',
    text: 'Story time with a song at the start kept the toddlers AND the eight-year-olds. I will try a longer version.',
    commitment: 'Open Saturday story time with a call-and-response song.',
    createdAt: ago(0, 5),
  }),
  reflection({
    authorId: 'u-sam',
    authorName: undefined,
    visibility: 'anonymous',
    text: 'I was nervous about the desk on my own. The checklist we made together helped more than I expected.',
    createdAt: ago(1),
  }),
  reflection({
    authorId: 'u-aisha',
    authorName: 'Aisha Bello',
    text: 'The mobile library stop at Eastfield needs a Spanish-language shelf.',
    createdAt: ago(1, 4),
  }),
  reflection({
    authorId: 'u-kenji',
    authorName: undefined,
    visibility: 'anonymous',
    text: 'More time for questions, please. We ran out again.',
    createdAt: ago(2),
  }),
];

interface Args {
  promptId: string;
  prompt?: string;
  preset?: string;
  mode?: 'all' | 'steps';
  rotate?: string;
  series?: string;
  minWords?: number;
  maxLength?: number;
  allowVisibility?: string;
  visibility?: string;
  commitment?: boolean;
  showShared?: boolean;
  noHistory?: boolean;
  heading?: string;
}

const render = (a: Args) =>
  html`<lc-reflection-prompt
    prompt-id=${a.promptId}
    prompt=${a.prompt ?? nothing}
    preset=${a.preset ?? nothing}
    mode=${a.mode ?? nothing}
    rotate=${a.rotate ?? nothing}
    series=${a.series ?? nothing}
    min-words=${a.minWords ?? nothing}
    max-length=${a.maxLength ?? nothing}
    allow-visibility=${a.allowVisibility ?? nothing}
    visibility=${a.visibility ?? nothing}
    ?commitment=${!!a.commitment}
    ?show-shared=${!!a.showShared}
    ?no-history=${!!a.noHistory}
    heading=${a.heading ?? nothing}
  ></lc-reflection-prompt>`;

const meta = {
  title: 'Elements/Reflection prompt',
  component: 'lc-reflection-prompt',
  decorators: [withLcProvider],
  render,
  args: { promptId: 'week-3', prompt: 'What did you try with a patron this week, and what happened?', heading: 'This week’s reflection' },
  argTypes: {
    preset: { control: 'select', options: [undefined, 'meeting-reflect', 'meeting-next', 'what-so-what-now-what', 'gibbs'] },
    mode: { control: 'inline-radio', options: ['all', 'steps'] },
    rotate: { control: 'inline-radio', options: [undefined, 'daily', 'weekly'] },
    visibility: { control: 'inline-radio', options: ['private', 'community', 'anonymous'] },
  },
} satisfies Meta<Args>;
export default meta;

type Story = StoryObj<Args>;
const lc = (o: LcStoryOptions) => ({ lc: o });

/** One question. Type, reload the page: the draft comes back. */
export const SinglePrompt: Story = {};

/** Opening a meeting: reflect on what members put into practice since last time. */
export const MeetingReflect: Story = {
  args: { promptId: 'tuesday-reflect', prompt: undefined, preset: 'meeting-reflect', series: SERIES, heading: 'Before we start' },
};

/** Closing a meeting: the second question is the commitment of the practice loop. */
export const MeetingNext: Story = {
  args: { promptId: 'tuesday-next', prompt: undefined, preset: 'meeting-next', series: SERIES, heading: 'Before you go' },
};

/** Rolfe’s What? So what? Now what? */
export const WhatSoWhatNowWhat: Story = {
  args: { promptId: 'rolfe-1', prompt: undefined, preset: 'what-so-what-now-what', heading: 'Reflect on an incident' },
};

/** Gibbs’ reflective cycle, six stages. */
export const Gibbs: Story = { args: { promptId: 'gibbs-1', prompt: undefined, preset: 'gibbs', heading: 'Gibbs’ reflective cycle' } };

/** One question at a time, with progress, Back and Next; a minimum of 10 words per answer. */
export const Steps: Story = { args: { promptId: 'gibbs-steps', prompt: undefined, preset: 'gibbs', mode: 'steps', minWords: 10 } };

/** One question of the set a day: everyone sees the same one today, another tomorrow. */
export const DailyRotation: Story = {
  args: { promptId: 'daily-desk', prompt: undefined, preset: 'meeting-reflect', rotate: 'daily', heading: 'Today’s question' },
};

/** A custom set declared with `<lc-prompt>` children, with a per-question hint and commitment. */
export const CustomQuestions: Story = {
  render: () =>
    html`<lc-reflection-prompt prompt-id="outreach-1" heading="After the outreach visit">
      <lc-prompt question-id="who" hint="Ages, languages, what they came for.">Who did you meet?</lc-prompt>
      <lc-prompt question-id="asked" required>What did they ask for that we do not offer?</lc-prompt>
      <lc-prompt question-id="plan" commitment>What will you change before the next visit?</lc-prompt>
    </lc-reflection-prompt>`,
};

/** Maya's earlier reflections of the series: read, edit, delete with undo, download. */
export const WithHistory: Story = {
  args: { promptId: 'tuesday-next', prompt: undefined, preset: 'meeting-next', series: SERIES },
  parameters: lc({ records: { reflections: mine() } }),
};

/** Others' community and anonymous responses, newest first, live, paged. */
export const SharedFeed: Story = {
  args: {
    promptId: 'tuesday-next',
    prompt: undefined,
    preset: 'meeting-next',
    series: SERIES,
    showShared: true,
    allowVisibility: 'private community anonymous',
    noHistory: true,
  },
  parameters: lc({ records: { reflections: shared() } }),
};

/** Last time Maya planned to ask open questions: the meeting-opening prompt asks how it went. */
export const PracticeLoop: Story = {
  args: { promptId: 'tuesday-reflect', prompt: undefined, preset: 'meeting-reflect', series: SERIES, heading: 'Before we start' },
  parameters: lc({ records: { reflections: mine() } }),
};

/** The backend refuses every write for now: submit, and the reflection waits on this device ("will sync"). */
export const OfflineQueued: Story = { parameters: lc({ failRate: 1, failOn: ['put'] }) };

/** Reading fails: history and the shared feed say so and offer Try again. */
export const Error: Story = { args: { showShared: true }, parameters: lc({ failRate: 1, failOn: ['list'] }) };

/** The adapter has not answered yet. */
export const Loading: Story = { parameters: lc({ latency: 'forever' }) };

/** Nobody known yet on an adapter without identity: the prompt asks for a name first. */
export const AskForName: Story = { parameters: lc({ viewer: null }) };

export const Spanish: Story = {
  args: { promptId: 'tuesday-next', prompt: undefined, preset: 'meeting-next', series: SERIES, heading: 'Antes de irte' },
  parameters: lc({ lang: 'es', records: { reflections: mine() } }),
};

/** Right-to-left layout (the built-in strings fall back to English; the questions are the page's own). */
export const RightToLeft: Story = {
  render: () =>
    html`<lc-reflection-prompt
      prompt-id="rtl-1"
      commitment
      .prompts=${['ما الذي جربته مع أحد الزوار هذا الأسبوع؟', 'ماذا تعلمت من ذلك؟']}
    ></lc-reflection-prompt>`,
  parameters: lc({ dir: 'rtl', lang: 'ar' }),
};

export const Dark: Story = {
  args: {
    promptId: 'tuesday-next',
    prompt: undefined,
    preset: 'meeting-next',
    series: SERIES,
    showShared: true,
    allowVisibility: 'private community anonymous',
  },
  parameters: lc({ theme: 'dark', records: { reflections: [...mine(), ...shared()] } }),
};

/** Global and per-element tokens set by the page. */
export const Themed: Story = {
  render: (a) =>
    html`<style>
        .rp-themed {
          --lc-color-accent: #7a1f5c;
          --lc-font-body: Georgia, serif;
          --lc-radius-m: 2px;
          --lc-reflection-prompt-accent: #0f6e6e;
          --lc-reflection-prompt-surface: #fbf7f2;
          --lc-reflection-prompt-question-font-size: 1.25rem;
          --lc-reflection-prompt-textarea-min-height: 8em;
          --lc-reflection-prompt-max-width: 40rem;
        }
        .rp-themed lc-reflection-prompt::part(submit) {
          border-radius: 999px;
        }
      </style>
      <div class="rp-themed">${render(a)}</div>`,
  args: { promptId: 'tuesday-reflect', prompt: undefined, preset: 'meeting-reflect', series: SERIES },
  parameters: lc({ records: { reflections: mine() } }),
};
