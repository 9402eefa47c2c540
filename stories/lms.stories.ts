import { html, render } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { Scorm12API, Scorm2004API } from 'scorm-again';
import '../src/elements/provider/define.js';
import '../src/elements/reflection-prompt/define.js';
import '../src/elements/credit-tracker/define.js';
import '../src/elements/kudos-wall/define.js';
import { ScormAdapter, type Scorm12Api, type Scorm2004Api, type ScormApi } from '../src/adapters/scorm.js';
import type { LcProvider } from '../src/elements/provider/provider.js';

/**
 * The elements inside a SCORM course (`<lc-provider adapter="scorm">`, in `lc-elements-lms.js`; the
 * packager `npx lc-elements package` writes such a course). Here scorm-again, an LMS-side SCORM
 * run-time, stands in for the LMS, and the panel under each story shows what the LMS recorded.
 */
const meta = {
  title: 'LMS/SCORM course',
  parameters: { layout: 'padded' },
} satisfies Meta;
export default meta;

type Story = StoryObj;
type Version = '2004' | '1.2';

const SETTINGS = { autocommit: false, lmsCommitUrl: false, logLevel: 5 } as const;

/** A fresh run-time with the learner and anything an earlier session left (flattened CMI). */
function lms(version: Version, data: Record<string, string>): { found: ScormApi; api: Scorm2004API | Scorm12API } {
  const api = version === '1.2' ? new Scorm12API(SETTINGS) : new Scorm2004API(SETTINGS);
  api.loadFromFlattenedJSON(
    version === '1.2'
      ? { 'cmi.core.student_id': 'learner-7', 'cmi.core.student_name': 'Okafor, Maya', ...data }
      : { 'cmi.learner_id': 'learner-7', 'cmi.learner_name': 'Maya Okafor', ...data },
    '',
  );
  const found: ScormApi =
    version === '1.2' ? { version, api: api as unknown as Scorm12Api } : { version, api: api as unknown as Scorm2004Api };
  return { found, api };
}

/** A provider on a SCORM adapter over `api`, with `content` inside and the LMS's record below. */
function course(version: Version, data: Record<string, string>, content: ReturnType<typeof html>, community: string): HTMLElement {
  const { found, api } = lms(version, data);
  const wrap = document.createElement('div');
  const provider = document.createElement('lc-provider') as LcProvider;
  provider.adapter = new ScormAdapter({ api: found, community, host: provider, completeOn: 'submit' });
  render(content, provider);
  const panel = document.createElement('section');
  panel.setAttribute('aria-label', 'What the LMS recorded');
  panel.className = 'lms-record';
  const show = () => {
    const flat = api.getFlattenedCMI() as Record<string, unknown>;
    const get = (k: string) => (typeof flat[k] === 'string' ? (flat[k] as string) : '');
    const v12 = version === '1.2';
    const lines = [
      `SCORM ${version} · learner ${get(v12 ? 'cmi.core.student_id' : 'cmi.learner_id')}`,
      `completion: ${get(v12 ? 'cmi.core.lesson_status' : 'cmi.completion_status') || '—'}`,
      `suspend_data: ${get('cmi.suspend_data').length.toLocaleString()} of ${(v12 ? 4096 : 64000).toLocaleString()} characters`,
      `interactions: ${Object.keys(flat).filter((k) => /^cmi\.interactions\.\d+\.id$/.test(k)).length}`,
    ];
    panel.replaceChildren(
      ...lines.map((text) => {
        const p = document.createElement('p');
        p.textContent = text;
        return p;
      }),
    );
  };
  for (const event of version === '1.2' ? ['LMSInitialize', 'LMSCommit', 'LMSSetValue'] : ['Initialize', 'Commit', 'SetValue'])
    api.on(event, () => queueMicrotask(show));
  show();
  wrap.append(provider, panel);
  return wrap;
}

let n = 0;
const community = () => `story-course-${Date.now()}-${++n}`;

/** A reflection in a SCORM 2004 course: submitting it records an interaction and completes the activity. */
export const Scorm2004: Story = {
  render: () =>
    course(
      '2004',
      {},
      html`<lc-reflection-prompt prompt-id="week-3" preset="what-so-what-now-what" allow-visibility="private"></lc-reflection-prompt>`,
      community(),
    ),
};

/** Two prompts and a credit goal: the activity completes when both prompts are submitted; progress is the score. */
export const PromptsAndCredits: Story = {
  render: () =>
    course(
      '2004',
      {},
      html`
        <lc-reflection-prompt prompt-id="week-3" prompt="What surprised you this week?" allow-visibility="private"></lc-reflection-prompt>
        <lc-reflection-prompt prompt-id="week-3-next" prompt="What will you try next?" allow-visibility="private"></lc-reflection-prompt>
        <lc-credit-tracker program-id="early-literacy" required="6" unit="hours"></lc-credit-tracker>
      `,
      community(),
    ),
};

/**
 * SCORM 1.2 gives a course 4,096 characters. Earlier reflections already fill most of it: a long
 * answer is refused with how much room is left, and the text stays in the box.
 */
export const Scorm12AlmostFull: Story = {
  render: () => {
    const c = community();
    const long = 'We read "Brown Bear, Brown Bear" with shakers; every child joined the chorus. '.repeat(40);
    const now = new Date().toISOString();
    // suspend_data as the adapter writes it: { lc: 1, c: { community: { r: { id: record } } } }
    const earlier = {
      lc: 1,
      c: {
        [c]: {
          r: {
            'r-1': {
              promptId: 'week-2',
              series: 'week-2',
              answers: [{ questionId: 'q1', question: 'What surprised you?', text: long }],
              visibility: 'private',
              authorId: 'learner-7',
              authorName: 'Maya Okafor',
              createdAt: now,
              updatedAt: now,
              submittedAt: now,
            },
          },
        },
      },
    };
    return course(
      '1.2',
      { 'cmi.suspend_data': JSON.stringify(earlier) },
      html`<lc-reflection-prompt
        prompt-id="week-3"
        prompt="What surprised you this week?"
        allow-visibility="private"
      ></lc-reflection-prompt>`,
      c,
    );
  },
};

/** Opened outside an LMS (no SCORM run-time above the page): the element says where to open it. */
export const OutsideAnLms: Story = {
  render: () => html`
    <lc-provider .adapter=${new ScormAdapter({ community: community() })}>
      <lc-reflection-prompt prompt-id="week-3" prompt="What surprised you this week?"></lc-reflection-prompt>
    </lc-provider>
  `,
};

/** A kudos wall in a course without a shared server (`--endpoint`): SCORM holds only the learner's own data, so it says so. */
export const KudosWithoutASharedServer: Story = {
  render: () => course('2004', {}, html`<lc-kudos-wall wall-id="cohort"></lc-kudos-wall>`, community()),
};
