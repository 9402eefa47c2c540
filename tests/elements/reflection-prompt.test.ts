import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/reflection-prompt/define.js';
import type { LcReflectionPrompt } from '../../src/elements/reflection-prompt/reflection-prompt.js';
import { LcReflectionSubmitEvent } from '../../src/events/lc-reflection-submit.js';
import { LcReflectionSavedEvent } from '../../src/events/lc-reflection-saved.js';
import { LcDraftSavedEvent } from '../../src/events/lc-draft-saved.js';
import type { LcErrorEvent } from '../../src/events/lc-error.js';
import { MemoryAdapter, MemoryBackend, type MemoryAdapterOptions } from '../../src/adapters/memory.js';
import { RecordStore } from '../../src/core/store.js';
import { LcAdapterError, type LcRecord } from '../../src/core/adapter.js';
import { PRESETS, draftKey, rotationIndex, type ReflectionRecord } from '../../src/elements/reflection-prompt/model.js';
import { en } from '../../src/i18n/en.js';
import { rpBundle } from '../../src/elements/reflection-prompt/messages.js';
import { deferred, settle, until } from '../helpers.js';

const { en: rpEn, es: rpEs } = rpBundle;

const ME = { id: 'u-me', name: 'Maya Okafor' };
let n = 0;

interface Setup {
  backend: MemoryBackend;
  adapter: MemoryAdapter;
  store: RecordStore;
  community: string;
}

/** A memory adapter on its own community (so drafts and outboxes of tests never meet) and its store. */
function setup(opts: MemoryAdapterOptions & { outboxName?: string } = {}): Setup {
  const community = opts.community ?? `rp-${Date.now()}-${++n}`;
  const backend = opts.backend ?? new MemoryBackend();
  const adapter = new MemoryAdapter({ viewer: ME, ...opts, community, backend });
  const store = new RecordStore(adapter, opts.outboxName ? { outboxName: opts.outboxName } : { outbox: 'memory' });
  return { backend, adapter, store, community };
}

function seed(s: Setup, ...records: Partial<ReflectionRecord>[]): void {
  for (const r of records) s.backend.table(s.community, 'reflections').set(r.id!, { community: s.community, ...r } as LcRecord);
}

function stored(s: Setup): ReflectionRecord[] {
  return [...s.backend.table(s.community, 'reflections').values()] as ReflectionRecord[];
}

const root = (el: LcReflectionPrompt) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: LcReflectionPrompt, sel: string) => root(el).querySelector<T>(sel);
const $$ = <T extends Element = HTMLElement>(el: LcReflectionPrompt, sel: string) => [...root(el).querySelectorAll<T>(sel)];
const text = (el: LcReflectionPrompt) => root(el).textContent!.replace(/\s+/g, ' ');

async function ready(el: LcReflectionPrompt): Promise<void> {
  await until(() => !!$(el, 'textarea'), 3000, 'the form');
  await el.updateComplete;
}

async function type(el: LcReflectionPrompt, index: number, value: string): Promise<void> {
  const ta = $<HTMLTextAreaElement>(el, `#f${index}`)!;
  ta.value = value;
  ta.dispatchEvent(new Event('input', { bubbles: true }));
  await el.updateComplete;
}

async function click(el: LcReflectionPrompt, node: Element | null | undefined): Promise<void> {
  expect(!!node, 'element to click').to.be.true;
  (node as HTMLElement).click();
  await el.updateComplete;
}

const button = (el: LcReflectionPrompt, label: string) => $$<HTMLButtonElement>(el, 'button').find((b) => b.textContent!.trim() === label);
const submitButton = (el: LcReflectionPrompt) => $<HTMLButtonElement>(el, '[part="submit"]');

afterEach(() => {
  sinon.restore();
  for (const k of Object.keys(localStorage)) if (k.startsWith('lc-reflection-draft')) localStorage.removeItem(k);
});

describe('<lc-reflection-prompt>', () => {
  it('is accessible', async () => {
    const s = setup();
    const el = await fixture<LcReflectionPrompt>(
      html`<lc-reflection-prompt prompt-id="week-3" preset="meeting-reflect" heading="Reflect" .store=${s.store}></lc-reflection-prompt>`,
    );
    await ready(el);
    await expect(el).to.be.accessible();
  });

  it('shows a preset’s questions with labels, word counts and the visibility choice', async () => {
    const s = setup();
    const el = await fixture<LcReflectionPrompt>(
      html`<lc-reflection-prompt prompt-id="w" preset="meeting-reflect" .store=${s.store}></lc-reflection-prompt>`,
    );
    await ready(el);
    const labels = $$(el, 'label[part="question"]').map((l) => l.textContent!.trim());
    expect(labels).to.deep.equal(PRESETS['meeting-reflect'].map((q) => rpEn[q.key!] as string));
    for (const ta of $$<HTMLTextAreaElement>(el, 'textarea')) {
      const label = root(el).querySelector(`label[for="${ta.id}"]`);
      expect(!!label, ta.id).to.be.true;
      for (const id of ta.getAttribute('aria-describedby')!.split(' ')) expect(!!root(el).getElementById(id), id).to.be.true;
    }
    expect($$(el, 'input[type="radio"]').map((r) => (r as HTMLInputElement).value)).to.deep.equal(['private', 'community']);
    expect(($(el, 'input[value="private"]') as HTMLInputElement).checked).to.be.true;
    expect(!!$(el, '[part="base"]')).to.be.true;
    await type(el, 0, 'One two three');
    expect($(el, '#f0c')!.textContent).to.equal('3 words');
  });

  it('round-trips its attributes to properties', async () => {
    const s = setup();
    const el = await fixture<LcReflectionPrompt>(
      html`<lc-reflection-prompt
        prompt-id="p1"
        prompt="What did you try?"
        mode="steps"
        rotate="weekly"
        series="circle"
        min-words="5"
        max-length="300"
        allow-visibility="community anonymous"
        visibility="anonymous"
        commitment
        show-shared
        no-history
        heading="Hi"
        heading-level="3"
        page-size="4"
        .store=${s.store}
      ></lc-reflection-prompt>`,
    );
    expect(el.promptId).to.equal('p1');
    expect(el.prompt).to.equal('What did you try?');
    expect(el.mode).to.equal('steps');
    expect(el.rotate).to.equal('weekly');
    expect(el.series).to.equal('circle');
    expect(el.minWords).to.equal(5);
    expect(el.maxLength).to.equal(300);
    expect(el.allowVisibility).to.equal('community anonymous');
    expect(el.visibility).to.equal('anonymous');
    expect(el.commitment && el.showShared && el.noHistory).to.be.true;
    expect(el.headingLevel).to.equal(3);
    expect(el.pageSize).to.equal(4);
    await ready(el);
    expect($(el, '[role="heading"][aria-level="3"]')!.textContent).to.equal('Hi');
    el.mode = 'all';
    await el.updateComplete;
    expect($$(el, 'input[type="radio"]').map((r) => (r as HTMLInputElement).value)).to.deep.equal(['community', 'anonymous']);
    expect(($(el, 'input[value="anonymous"]') as HTMLInputElement).checked).to.be.true;
  });

  it('says so when it is not set up', async () => {
    const s = setup();
    const el = await fixture<LcReflectionPrompt>(html`<lc-reflection-prompt .store=${s.store}></lc-reflection-prompt>`);
    expect(text(el)).to.contain(rpEn.rpNotSetUp);
    await expect(el).to.be.accessible();
  });

  it('takes a custom set from <lc-prompt> children and the prompts property', async () => {
    const s = setup();
    const el = await fixture<LcReflectionPrompt>(
      html`<lc-reflection-prompt prompt-id="c" .store=${s.store}>
        <lc-prompt question-id="tried" hint="One thing is enough." min-words="2">What did you try?</lc-prompt>
        <lc-prompt question-id="plan" commitment>What next?</lc-prompt>
      </lc-reflection-prompt>`,
    );
    await ready(el);
    expect($$(el, 'label[part="question"]').map((l) => l.textContent!.trim())).to.deep.equal(['What did you try?', 'What next?']);
    expect($(el, '#f0h')!.textContent).to.equal('One thing is enough.');
    expect($(el, '#f0c')!.textContent).to.equal('0 of at least 2 words');
    el.querySelector('lc-prompt')!.textContent = 'What did you change?';
    await until(() => $(el, 'label[part="question"]')!.textContent!.trim() === 'What did you change?');
    el.prompts = ['Only this?'];
    await el.updateComplete;
    expect($$(el, 'label[part="question"]').map((l) => l.textContent!.trim())).to.deep.equal(['Only this?']);
  });

  describe('drafts', () => {
    it('keeps the draft at most 500 ms behind the typing and fires lc-draft-saved', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="d1" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      const key = draftKey(s.adapter.key, 'default', ME.id, 'd1');
      const saved = sinon.spy();
      el.addEventListener('lc-draft-saved', saved);
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        // Typing without pause for two seconds: the stored draft never lags more than 500 ms.
        for (let t = 0; t < 2000; t += 100) {
          await type(el, 0, `word ${t}`);
          await clock.tickAsync(100);
          const kept = JSON.parse(localStorage.getItem(key) ?? '{"values":{}}').values['q:q1'] as string | undefined;
          if (t >= 400) expect(Number(kept?.split(' ')[1]), `at ${t} ms`).to.be.at.least(t - 500);
        }
        await clock.tickAsync(500);
        expect(JSON.parse(localStorage.getItem(key)!).values['q:q1']).to.equal('word 1900');
        expect(saved.callCount).to.be.within(4, 10);
        const e = saved.lastCall.args[0] as LcDraftSavedEvent;
        expect(e).to.be.instanceOf(LcDraftSavedEvent);
        expect(e.detail).to.deep.include({ promptId: 'd1', storage: 'local' });
        expect(e.bubbles && e.composed).to.be.true;
      } finally {
        clock.restore();
      }
    });

    it('survives re-creating the element (a reload), says so, and can be discarded', async () => {
      const s = setup();
      const first = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt
          prompt-id="d2"
          preset="meeting-next"
          allow-visibility="private community anonymous"
          .store=${s.store}
        ></lc-reflection-prompt>`,
      );
      await ready(first);
      await type(first, 1, 'Read aloud every morning');
      await click(first, $(first, 'input[value="anonymous"]'));
      first.remove(); // leaving the page writes at once
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt
          prompt-id="d2"
          preset="meeting-next"
          allow-visibility="private community anonymous"
          .store=${s.store}
        ></lc-reflection-prompt>`,
      );
      await ready(el);
      expect($<HTMLTextAreaElement>(el, '#f1')!.value).to.equal('Read aloud every morning');
      expect(($(el, 'input[value="anonymous"]') as HTMLInputElement).checked).to.be.true;
      const note = $(el, '[part="draft-note"]')!;
      // reads right for a draft saved moments ago too ("from now" read as the future)
      expect(note.textContent).to.contain('Your draft was restored (saved ');
      expect(rpEn.rpDraftRestored('now')).to.equal('Your draft was restored (saved now).');
      expect(rpEs.rpDraftRestored('ahora')).to.equal('Se recuperó tu borrador (guardado ahora).');
      expect($(el, '.announcer')!.textContent).to.contain('was restored');
      await expect(el).to.be.accessible();
      await click(el, button(el, rpEn.rpDraftDiscard));
      expect($<HTMLTextAreaElement>(el, '#f1')!.value).to.equal('');
      expect(!!$(el, '[part="draft-note"]')).to.be.false;
      expect(localStorage.getItem(draftKey(s.adapter.key, 'default', ME.id, 'd2'))).to.be.null;
    });

    it('keeps drafts apart per viewer and per prompt', async () => {
      const backend = new MemoryBackend();
      const a = setup({ backend, community: `shared-${++n}` });
      const b = setup({ backend, community: a.community, viewer: { id: 'u-other', name: 'Other' } });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="d3" prompt="Q?" .store=${a.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      await type(el, 0, 'mine');
      el.remove();
      for (const [store, id] of [
        [b.store, 'd3'],
        [a.store, 'd4'],
      ] as const) {
        const other = await fixture<LcReflectionPrompt>(
          html`<lc-reflection-prompt prompt-id=${id} prompt="Q?" .store=${store}></lc-reflection-prompt>`,
        );
        await ready(other);
        expect($<HTMLTextAreaElement>(other, '#f0')!.value).to.equal('');
      }
    });

    it('falls back to memory when localStorage refuses', async () => {
      const s = setup();
      sinon.stub(Storage.prototype, 'setItem').throws(new DOMException('full', 'QuotaExceededError'));
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="d5" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      const saved = sinon.spy();
      el.addEventListener('lc-draft-saved', saved);
      await type(el, 0, 'still here');
      el.remove();
      expect(saved.lastCall.args[0].detail.storage).to.equal('memory');
      const again = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="d5" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(again);
      expect($<HTMLTextAreaElement>(again, '#f0')!.value).to.equal('still here');
    });
  });

  describe('submitting', () => {
    it('writes the record, fires typed events, and clears the draft only after the adapter confirms', async () => {
      const gate = deferred();
      const s = setup({ before: (op) => (op === 'put' ? gate.promise : undefined) });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="s1" series="circle" preset="meeting-next" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      const submitted = sinon.spy();
      const saved = sinon.spy();
      el.addEventListener('lc-reflection-submit', submitted);
      el.addEventListener('lc-reflection-saved', saved);
      await type(el, 0, 'The role-play');
      await type(el, 1, 'Greet every patron by name');
      await click(el, $(el, 'input[value="community"]'));
      await click(el, submitButton(el));

      expect(submitted.calledOnce).to.be.true;
      const intent = submitted.firstCall.args[0] as LcReflectionSubmitEvent;
      expect(intent).to.be.instanceOf(LcReflectionSubmitEvent);
      expect(intent.cancelable && intent.bubbles && intent.composed).to.be.true;
      expect(intent.detail).to.deep.include({
        promptId: 's1',
        series: 'circle',
        visibility: 'community',
        authorId: ME.id,
        authorName: ME.name,
        commitment: 'Greet every patron by name',
      });
      expect(intent.detail.answers).to.deep.equal([
        { questionId: 'stood-out', question: rpEn.rpQNextStoodOut, text: 'The role-play' },
        { questionId: 'practice', question: rpEn.rpCommitment, text: 'Greet every patron by name' },
      ]);

      // Sent, not confirmed: the form is free again, but the text is still kept on this device.
      await until(() => s.adapter.calls.put === 1);
      expect($<HTMLTextAreaElement>(el, '#f0')!.value).to.equal('');
      const key = draftKey(s.adapter.key, 'default', ME.id, 's1');
      expect(localStorage.getItem(`${key}:pending`)).to.contain('Greet every patron by name');
      expect(text(el)).to.contain(en.statusSaving);
      expect(saved.called).to.be.false;

      gate.resolve();
      await until(() => saved.calledOnce);
      const done = saved.firstCall.args[0] as LcReflectionSavedEvent;
      expect(done).to.be.instanceOf(LcReflectionSavedEvent);
      expect(done.detail.id).to.equal(intent.detail.id);
      expect(done.detail.community).to.equal(s.community);
      expect(localStorage.getItem(`${key}:pending`)).to.be.null;
      expect(localStorage.getItem(key)).to.be.null;
      await el.updateComplete;
      expect(text(el)).to.contain(en.statusSaved);
      expect(stored(s)).to.have.length(1);
    });

    it('does not write when lc-reflection-submit is cancelled, and writes what a listener added', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="s2" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      el.addEventListener('lc-reflection-submit', (e) => e.preventDefault(), { once: true });
      await type(el, 0, 'Vetoed');
      await click(el, submitButton(el));
      await settle();
      expect(s.adapter.calls.put).to.equal(0);
      expect($<HTMLTextAreaElement>(el, '#f0')!.value).to.equal('Vetoed');
      el.addEventListener('lc-reflection-submit', (e) => (e.detail.courseId = 'scorm-101'), { once: true });
      await click(el, submitButton(el));
      await until(() => stored(s).length === 1);
      expect(stored(s)[0].courseId).to.equal('scorm-101');
      // A listener that breaks the record: refused before sending, and the text comes back.
      el.addEventListener('lc-reflection-submit', (e) => ((e.detail as { visibility: string }).visibility = 'public'), { once: true });
      await type(el, 0, 'Broken by a listener');
      await click(el, submitButton(el));
      await until(() => $<HTMLTextAreaElement>(el, '#f0')!.value === 'Broken by a listener', 3000, 'text back');
      expect(text(el)).to.contain(en.statusFailed).and.contain(en.errorInvalid);
      expect(stored(s).length).to.equal(1);
    });

    it('submits with Ctrl+Enter', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="s3" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      const submitted = sinon.spy();
      el.addEventListener('lc-reflection-submit', submitted);
      $<HTMLTextAreaElement>(el, '#f0')!.focus();
      await sendKeys({ type: 'Typed with keys' });
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Control' });
      await until(() => stored(s).length === 1);
      expect(submitted.calledOnce).to.be.true;
      expect(stored(s)[0].answers[0].text).to.equal('Typed with keys');
      await type(el, 0, 'With Cmd+Enter');
      $(el, '#f0')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', metaKey: true, bubbles: true, composed: true }));
      await until(() => stored(s).length === 2);
      await sendKeys({ press: 'Enter' }); // a plain Enter is a new line, not a submit
      await settle();
      expect(submitted.callCount).to.equal(2);
    });

    it('validates: empty, min-words, max-length, with messages tied to the field', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt
          prompt-id="s4"
          preset="what-so-what-now-what"
          min-words="3"
          max-length="40"
          .store=${s.store}
        ></lc-reflection-prompt>`,
      );
      await ready(el);
      await click(el, submitButton(el));
      expect($(el, '#form-error')!.textContent).to.equal(rpEn.rpErrorEmpty);
      expect(submitButton(el)!.getAttribute('aria-describedby')).to.contain('form-error');
      await type(el, 0, 'Too short');
      await type(el, 1, 'x'.repeat(45));
      await click(el, submitButton(el));
      const ta0 = $<HTMLTextAreaElement>(el, '#f0')!;
      expect(ta0.getAttribute('aria-invalid')).to.equal('true');
      expect(ta0.getAttribute('aria-describedby')).to.contain('f0e');
      expect($(el, '#f0e')!.textContent).to.equal(rpEn.rpErrorMinWords(3, 2));
      expect($(el, '#f1e')!.textContent).to.equal(rpEn.rpErrorMaxLength('40', '5'));
      expect($(el, '#f1c')!.textContent).to.contain('45 of 40 characters');
      expect(root(el).activeElement === ta0, 'focus on the first invalid field').to.be.true;
      await expect(el).to.be.accessible();
      expect(s.adapter.calls.put).to.equal(0);
      await type(el, 0, 'Long enough now');
      await type(el, 1, 'Fine');
      expect($(el, '#f1e')!.textContent).to.equal(rpEn.rpErrorMinWords(3, 1)); // the max-length message gave way
      await type(el, 1, 'Fine, three words');
      await click(el, submitButton(el));
      await until(() => stored(s).length === 1);
    });

    it('queues while the backend fails ("will sync"), then delivers exactly once when it recovers', async () => {
      let down = true;
      let delivered = 0;
      const s = setup({
        before: (op) => {
          if (op !== 'put') return;
          if (down) throw new LcAdapterError('unavailable');
          delivered++;
        },
      });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="q1" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      const saved = sinon.spy();
      el.addEventListener('lc-reflection-saved', saved);
      await type(el, 0, 'Written during an outage');
      await click(el, submitButton(el));
      await until(() => text(el).includes(en.statusQueued), 3000, 'queued');
      expect(text(el)).to.contain('will sync');
      expect($(el, '.history .badge--queued')!.textContent).to.equal(rpEn.rpWaiting);
      expect(localStorage.getItem(`${draftKey(s.adapter.key, 'default', ME.id, 'q1')}:pending`)).to.contain('Written during an outage');
      await expect(el).to.be.accessible();
      down = false;
      window.dispatchEvent(new Event('online'));
      await until(() => saved.called, 5000, 'delivery');
      await settle();
      expect(delivered).to.equal(1);
      expect(saved.callCount).to.equal(1);
      expect(stored(s)).to.have.length(1);
      expect(stored(s)[0].answers[0].text).to.equal('Written during an outage');
      await el.updateComplete;
      expect(text(el)).to.contain(en.statusSaved);
      expect(localStorage.getItem(`${draftKey(s.adapter.key, 'default', ME.id, 'q1')}:pending`)).to.be.null;
    });

    it('after a reload with a queued submission, shows it waiting and confirms it once it syncs', async () => {
      let down = true;
      const outboxName = `rp-outbox-${Date.now()}-${++n}`;
      const community = `rp-reload-${n}`;
      const backend = new MemoryBackend();
      const make = () =>
        setup({
          backend,
          community,
          outboxName,
          before: (op) => (op === 'put' && down ? Promise.reject(new LcAdapterError('offline')) : undefined),
        });
      const first = make();
      const el1 = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="q2" prompt="Q?" .store=${first.store}></lc-reflection-prompt>`,
      );
      await ready(el1);
      await type(el1, 0, 'Queued before the reload');
      await click(el1, submitButton(el1));
      await until(() => text(el1).includes(en.statusQueued));
      el1.remove();
      first.store.dispose();

      const second = make(); // a new page: a new store over the same IndexedDB outbox
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="q2" prompt="Q?" .store=${second.store}></lc-reflection-prompt>`,
      );
      const saved = sinon.spy();
      el.addEventListener('lc-reflection-saved', saved);
      await ready(el);
      await until(() => text(el).includes(en.statusQueued), 3000, 'queued after reload');
      expect($<HTMLTextAreaElement>(el, '#f0')!.value).to.equal(''); // not duplicated into the form
      down = false;
      window.dispatchEvent(new Event('online'));
      await until(() => saved.calledOnce, 5000, 'sync after reload');
      expect(stored({ ...second, community })).to.have.length(1);
      expect(localStorage.getItem(`${draftKey(second.adapter.key, 'default', ME.id, 'q2')}:pending`)).to.be.null;
      second.store.dispose();
    });

    it('puts a submission the outbox lost back into the form after a reload', async () => {
      const s = setup();
      const key = draftKey(s.adapter.key, 'default', ME.id, 'q3');
      const lost: ReflectionRecord = {
        id: 'lost-1',
        promptId: 'q3',
        series: 'q3',
        answers: [{ questionId: 'q1', question: 'Q?', text: 'Never lost' }],
        visibility: 'private',
        submittedAt: new Date().toISOString(),
      };
      localStorage.setItem(`${key}:pending`, JSON.stringify({ values: {}, savedAt: lost.submittedAt, records: [lost] }));
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="q3" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      await until(() => $<HTMLTextAreaElement>(el, '#f0')!.value === 'Never lost', 3000, 'restored text');
      expect(!!$(el, '[part="draft-note"]')).to.be.true;
      expect(localStorage.getItem(`${key}:pending`)).to.be.null;
      expect(JSON.parse(localStorage.getItem(key)!).values['q:q1']).to.equal('Never lost');
    });

    it('puts the text back and reports when the backend refuses for good', async () => {
      const s = setup({ before: (op) => (op === 'put' ? Promise.reject(new LcAdapterError('forbidden')) : undefined) });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="q4" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      const errors: LcErrorEvent[] = [];
      el.addEventListener('lc-error', (e) => errors.push(e));
      await type(el, 0, 'Refused text');
      await click(el, submitButton(el));
      await until(() => text(el).includes(en.statusFailed), 3000, 'failure');
      expect($<HTMLTextAreaElement>(el, '#f0')!.value).to.equal('Refused text');
      expect(text(el)).to.contain(en.errorForbidden);
      expect(errors.map((e) => [e.detail.kind, e.detail.operation])).to.deep.include(['forbidden', 'write']);
      expect(!!button(el, en.retry)).to.be.true;
      await expect(el).to.be.accessible();
    });
  });

  describe('visibility', () => {
    it('stores the chosen visibility and leaves the name out of anonymous reflections', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt
          prompt-id="v1"
          prompt="Q?"
          allow-visibility="private community anonymous"
          .store=${s.store}
        ></lc-reflection-prompt>`,
      );
      await ready(el);
      for (const v of ['private', 'community', 'anonymous'] as const) {
        await type(el, 0, `as ${v}`);
        await click(el, $(el, `input[value="${v}"]`));
        await click(el, submitButton(el));
        await until(() => stored(s).some((r) => r.answers[0].text === `as ${v}`));
      }
      const byVis = Object.fromEntries(stored(s).map((r) => [r.visibility, r]));
      expect(byVis.private.authorName).to.equal(ME.name);
      expect(byVis.community.authorName).to.equal(ME.name);
      expect(byVis.anonymous).not.to.have.property('authorName');
      expect(byVis.anonymous.authorId).to.equal(ME.id); // so the author still finds it in their history
    });

    it('shows only one fixed visibility as a note', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="v2" prompt="Q?" allow-visibility="community" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      expect(!!$(el, 'fieldset')).to.be.false;
      expect($(el, '[part="visibility"]')!.textContent).to.contain(rpEn.rpVisCommunityHint);
    });

    it('shows others community responses with the name and anonymous ones with no author anywhere', async () => {
      const backend = new MemoryBackend();
      const author = setup({ backend, viewer: { id: 'u-secret', name: 'Secret Sam' } });
      const reader = setup({ backend, community: author.community, viewer: { id: 'u-reader', name: 'Rita Reader' } });
      const writer = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt
          prompt-id="v3"
          prompt="Q?"
          allow-visibility="private community anonymous"
          .store=${author.store}
        ></lc-reflection-prompt>`,
      );
      await ready(writer);
      for (const v of ['private', 'community', 'anonymous'] as const) {
        await type(writer, 0, `Sam says ${v}`);
        await click(writer, $(writer, `input[value="${v}"]`));
        await click(writer, submitButton(writer));
      }
      await until(() => stored(author).length === 3);
      // A leaky backend that sends the author of an anonymous response anyway:
      seed(reader, {
        id: 'leak',
        promptId: 'v3',
        series: 'v3',
        visibility: 'anonymous',
        authorId: 'u-leaky-id',
        authorName: 'Leaky Larry',
        answers: [{ questionId: 'q1', question: 'Q?', text: 'anonymous via leaky backend' }],
        createdAt: new Date().toISOString(),
      });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="v3" prompt="Q?" show-shared .store=${reader.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      await until(() => $$(el, '[part="shared-item"]').length === 3, 3000, 'shared items');
      const shared = $(el, '[part="shared"]')!;
      expect(shared.textContent).to.contain('Sam says community').and.contain('Secret Sam');
      expect(shared.textContent).to.contain('Sam says anonymous').and.contain('anonymous via leaky backend');
      expect(shared.textContent).not.to.contain('Sam says private');
      const anonItems = $$(el, '[part="shared-item"]').filter((i) => i.textContent!.includes('anonymous'));
      expect(anonItems.length).to.equal(2);
      for (const item of anonItems) {
        expect(item.textContent).to.contain(en.anonymous);
        expect(!!item.querySelector('[part="avatar"]')).to.be.false;
        expect(item.outerHTML).not.to.contain('Secret').and.not.contain('SS');
      }
      const markup = root(el).innerHTML;
      for (const secret of ['Leaky Larry', 'u-leaky-id', 'LL', 'u-secret']) expect(markup, secret).not.to.contain(secret);
      await expect(el).to.be.accessible();
    });
  });

  describe('the practice loop', () => {
    it('shows the last commitment, asks how it went, and stores the answer linked to it', async () => {
      const s = setup();
      seed(
        s,
        {
          id: 'old-1',
          promptId: 'tuesday-next',
          series: 'tuesday',
          visibility: 'private',
          authorId: ME.id,
          answers: [{ questionId: 'practice', question: 'What will you put into practice?', text: 'Use open questions at the desk' }],
          commitment: 'Use open questions at the desk',
          createdAt: '2026-01-06T18:00:00.000Z',
        },
        {
          id: 'older',
          promptId: 'tuesday-next',
          series: 'tuesday',
          visibility: 'private',
          authorId: ME.id,
          answers: [{ questionId: 'practice', question: 'Q', text: 'Older plan' }],
          commitment: 'Older plan',
          createdAt: '2025-12-30T18:00:00.000Z',
        },
      );
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt
          prompt-id="tuesday-reflect"
          series="tuesday"
          preset="meeting-reflect"
          .store=${s.store}
        ></lc-reflection-prompt>`,
      );
      await until(() => !!$(el, '[part="follow-up"]'), 3000, 'the follow-up');
      expect($(el, '[part="follow-up"]')!.textContent).to.contain(rpEn.rpLastTime).and.contain('Use open questions at the desk');
      expect($(el, 'label[for="f0"]')!.textContent).to.contain(rpEn.rpHowItWent);
      expect($(el, '#f0')!.getAttribute('aria-describedby')).to.contain('loop');
      await expect(el).to.be.accessible();
      await type(el, 0, 'Patrons talked more; I will keep it');
      await type(el, 1, 'The quiet patron opened up');
      await click(el, submitButton(el));
      await until(() => stored(s).length === 3);
      const r = stored(s).find((x) => x.promptId === 'tuesday-reflect')!;
      expect(r.series).to.equal('tuesday');
      expect(r.followUp).to.deep.equal({
        previousId: 'old-1',
        previousCommitment: 'Use open questions at the desk',
        text: 'Patrons talked more; I will keep it',
      });
      await until(() => !$(el, '[part="follow-up"]'), 3000, 'the loop to close');
    });

    it('adds the commitment question with the commitment attribute and asks next time', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="l2" prompt="What happened?" commitment .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      expect($(el, 'label[for="f1"]')!.textContent).to.contain(rpEn.rpCommitment);
      await type(el, 0, 'A workshop');
      await type(el, 1, 'Try think-pair-share');
      await click(el, submitButton(el));
      await until(() => stored(s).length === 1);
      expect(stored(s)[0].commitment).to.equal('Try think-pair-share');
      await settle();
      expect(!!$(el, '[part="follow-up"]'), 'not asked in the same session').to.be.false;
      el.remove();
      const next = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="l2" prompt="What happened?" commitment .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => !!$(next, '[part="follow-up"]'), 3000, 'asked next time');
      expect($(next, '[part="follow-up"]')!.textContent).to.contain('Try think-pair-share');
    });

    it('turns the meeting-next commitment off with no-commitment', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="l3" preset="meeting-next" no-commitment .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      await type(el, 1, 'Plan');
      await click(el, submitButton(el));
      await until(() => stored(s).length === 1);
      expect(stored(s)[0]).not.to.have.property('commitment');
    });
  });

  it('renders HTML and script payloads as text', async () => {
    const payload = '<img src=x onerror="window.__rpPwned=1"><script>window.__rpPwned=1</script><b>bold</b>';
    const s = setup();
    seed(s, {
      id: 'x1',
      promptId: 'h1',
      series: 'h1',
      visibility: 'community',
      authorId: 'u-x',
      authorName: '<em>Mallory</em>',
      answers: [{ questionId: 'q1', question: '<i>Q</i>', text: payload }],
      createdAt: new Date().toISOString(),
    });
    const el = await fixture<LcReflectionPrompt>(
      html`<lc-reflection-prompt prompt-id="h1" prompt="Q?" show-shared .store=${s.store}></lc-reflection-prompt>`,
    );
    await ready(el);
    await type(el, 0, payload);
    await click(el, submitButton(el));
    await until(() => $$(el, '.history .text').length === 1 && $$(el, '.shared .text').length === 1);
    await settle();
    expect($$(el, 'script, img, b, em, i').length).to.equal(0);
    expect((window as unknown as { __rpPwned?: number }).__rpPwned).to.be.undefined;
    expect($(el, '.history .text')!.textContent).to.equal(payload);
    expect($(el, '.shared .text')!.textContent).to.equal(payload);
    expect($(el, '.shared .author')!.textContent).to.equal('<em>Mallory</em>');
  });

  it('fires no event when properties are set from script', async () => {
    const s = setup();
    const el = await fixture<LcReflectionPrompt>(
      html`<lc-reflection-prompt prompt-id="n1" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
    );
    await ready(el);
    const spy = sinon.spy();
    for (const t of ['lc-reflection-submit', 'lc-reflection-saved', 'lc-draft-saved', 'lc-error']) el.addEventListener(t, spy);
    el.promptId = 'n2';
    el.visibility = 'community';
    el.prompts = ['A?', 'B?'];
    el.mode = 'steps';
    el.preset = 'gibbs';
    await el.updateComplete;
    await settle();
    expect(spy.called).to.be.false;
  });

  it('steps through a set one question at a time with progress, Back and Next', async () => {
    const s = setup();
    const el = await fixture<LcReflectionPrompt>(
      html`<lc-reflection-prompt prompt-id="st" preset="gibbs" mode="steps" min-words="2" .store=${s.store}></lc-reflection-prompt>`,
    );
    await ready(el);
    expect($$(el, 'textarea').length).to.equal(1);
    expect($(el, '[part="progress"]')!.textContent).to.contain('Question 1 of 6');
    expect(!!$(el, '[part="back"]')).to.be.false;
    expect(!!submitButton(el)).to.be.false;
    await expect(el).to.be.accessible();
    await type(el, 0, 'One');
    await click(el, $(el, '[part="next"]'));
    expect($(el, '#f0e')!.textContent).to.equal(rpEn.rpErrorMinWords(2, 1));
    await type(el, 0, 'One two');
    await click(el, $(el, '[part="next"]'));
    expect($(el, '[part="progress"]')!.textContent).to.contain('Question 2 of 6');
    expect($(el, 'label[part="question"]')!.textContent).to.contain(rpEn.rpQGibbsFeelings);
    expect(root(el).activeElement?.id).to.equal('f1');
    await click(el, $(el, '[part="back"]'));
    expect($<HTMLTextAreaElement>(el, '#f0')!.value).to.equal('One two');
    for (let i = 0; i < 5; i++) await click(el, $(el, '[part="next"]'));
    expect($(el, '[part="progress"]')!.textContent).to.contain('Question 6 of 6');
    expect(!!submitButton(el)).to.be.true;
    expect(!!$(el, '[part="visibility"]')).to.be.true;
    await click(el, submitButton(el));
    await until(() => stored(s).length === 1);
    expect(stored(s)[0].answers.map((a) => a.questionId)).to.deep.equal(['description']);
    await el.updateComplete;
    expect($(el, '[part="progress"]')!.textContent).to.contain('Question 1 of 6');
  });

  it('in steps, Ctrl+Enter before the last step goes to the next question instead of submitting', async () => {
    const s = setup();
    const el = await fixture<LcReflectionPrompt>(
      html`<lc-reflection-prompt prompt-id="st-keys" preset="gibbs" mode="steps" .store=${s.store}></lc-reflection-prompt>`,
    );
    await ready(el);
    const submitted = sinon.spy();
    el.addEventListener('lc-reflection-submit', submitted);
    $<HTMLTextAreaElement>(el, '#f0')!.focus();
    await sendKeys({ type: 'What happened' });
    await sendKeys({ down: 'Control' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Control' });
    await el.updateComplete;
    // the questions still to come and "Who can see this?" were never shown: nothing is sent yet
    expect($(el, '[part="progress"]')!.textContent).to.contain('Question 2 of 6');
    expect(root(el).activeElement?.id).to.equal('f1');
    expect(submitted.called).to.be.false;
    await settle();
    expect(stored(s)).to.have.length(0);
    for (let i = 1; i < 5; i++) {
      $(el, `#f${i}`)!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
      await el.updateComplete;
    }
    expect($(el, '[part="progress"]')!.textContent).to.contain('Question 6 of 6');
    expect(!!$(el, '[part="visibility"]')).to.be.true;
    $(el, '#f5')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    await until(() => stored(s).length === 1);
    expect(stored(s)[0].answers[0].text).to.equal('What happened');
  });

  it('rotates daily: one question, the same all day, the next one tomorrow', async () => {
    const s = setup();
    const clock = sinon.useFakeTimers({ now: new Date(2026, 2, 10, 9, 0), toFake: ['Date'] });
    try {
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="rot" preset="meeting-reflect" rotate="daily" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      const label = () => $$(el, 'label[part="question"]').map((l) => l.textContent!.trim());
      const today = rotationIndex(new Date(), 'rot', 4, 'daily');
      expect(label()).to.deep.equal([rpEn[PRESETS['meeting-reflect'][today].key!]]);
      clock.setSystemTime(new Date(2026, 2, 10, 22, 0));
      el.requestUpdate();
      await el.updateComplete;
      expect(label()).to.deep.equal([rpEn[PRESETS['meeting-reflect'][today].key!]]);
      clock.setSystemTime(new Date(2026, 2, 11, 9, 0));
      el.requestUpdate();
      await el.updateComplete;
      expect(label()).to.deep.equal([rpEn[PRESETS['meeting-reflect'][(today + 1) % 4].key!]]);
    } finally {
      clock.restore();
    }
  });

  describe('history', () => {
    const mine = (id: string, day: number, extra: Partial<ReflectionRecord> = {}): Partial<ReflectionRecord> => ({
      id,
      promptId: 'hist',
      series: 'hist',
      visibility: 'private',
      authorId: ME.id,
      answers: [{ questionId: 'q1', question: 'What happened?', text: `Entry ${id}` }],
      createdAt: `2026-01-${String(day).padStart(2, '0')}T10:00:00.000Z`,
      ...extra,
    });

    it('lists the viewer’s own reflections of the series, newest first, and says when there are none', async () => {
      const s = setup();
      const empty = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="hist" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => text(empty).includes(rpEn.rpHistoryEmpty));
      await expect(empty).to.be.accessible();
      empty.remove();
      seed(
        s,
        mine('a', 1),
        mine('b', 3),
        mine('c', 2),
        { ...mine('other', 4), authorId: 'u-else' },
        { ...mine('elsewhere', 5), series: 'x' },
      );
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="hist" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => $$(el, '[part="history-item"]').length === 3, 3000, `history items (${s.adapter.calls.list} lists, ${text(el)})`);
      expect($$(el, '[part="history-item"] .text').map((t) => t.textContent)).to.deep.equal(['Entry b', 'Entry c', 'Entry a']);
      await expect(el).to.be.accessible();
    });

    it('edits a reflection in place', async () => {
      const s = setup();
      seed(s, mine('e1', 1, { commitment: 'Old plan' }));
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="hist" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => $$(el, '[part="history-item"]').length === 1);
      const submitted = sinon.spy();
      const saved = sinon.spy();
      el.addEventListener('lc-reflection-submit', submitted);
      el.addEventListener('lc-reflection-saved', saved);
      await click(el, $(el, '[data-edit="e1"]'));
      const tas = $$<HTMLTextAreaElement>(el, '.editor textarea');
      expect(tas.map((t) => t.value)).to.deep.equal(['Entry e1', 'Old plan']);
      expect(root(el).activeElement === tas[0], 'focus in the editor').to.be.true;
      await expect(el).to.be.accessible();
      tas[0].value = 'Entry e1, revised';
      tas[0].dispatchEvent(new Event('input'));
      await el.updateComplete;
      await click(el, button(el, rpEn.rpSaveChanges));
      await until(() => saved.calledOnce);
      expect(submitted.firstCall.args[0].detail.id).to.equal('e1');
      const r = stored(s)[0];
      expect(r.answers[0].text).to.equal('Entry e1, revised');
      expect(r.commitment).to.equal('Old plan');
      expect(r.editedAt).to.be.a('string');
      expect(r.createdAt).to.equal('2026-01-01T10:00:00.000Z');
      await el.updateComplete;
      expect($(el, '[part="history-item"]')!.textContent).to.contain(rpEn.rpEdited);
    });

    it('shows and edits a commitment that is also an answer once, keeping the two in step', async () => {
      const s = setup();
      seed(
        s,
        mine('mn', 1, {
          answers: [
            { questionId: 'stood-out', question: 'What stood out?', text: 'The quiet hour' },
            { questionId: 'practice', question: 'What will you put into practice?', text: 'Ask open questions' },
          ],
          commitment: 'Ask open questions',
        }),
      );
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="hist" preset="meeting-next" .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => $$(el, '[part="history-item"]').length === 1);
      const item = () => $(el, '[part="history-item"]')!.textContent!;
      expect(item().split('Ask open questions').length - 1).to.equal(1);
      expect(item().split(rpEn.rpCommitment).length - 1).to.equal(1);
      await click(el, $(el, '[data-edit="mn"]'));
      const tas = $$<HTMLTextAreaElement>(el, '.editor textarea');
      expect(tas.map((t) => t.value)).to.deep.equal(['The quiet hour', 'Ask open questions']);
      tas[1].value = 'Ask one open question first';
      tas[1].dispatchEvent(new Event('input'));
      await el.updateComplete;
      await click(el, button(el, rpEn.rpSaveChanges));
      await until(() => stored(s)[0].commitment === 'Ask one open question first', 3000, 'the commitment follows the edited answer');
      expect(stored(s)[0].answers[1].text).to.equal('Ask one open question first');
    });

    it('deletes with undo', async () => {
      const s = setup();
      seed(s, mine('d1', 1), mine('d2', 2));
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="hist" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => $$(el, '[part="history-item"]').length === 2);
      await expect(el).to.be.accessible();
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        const del = () => $$<HTMLButtonElement>(el, 'button').find((b) => b.getAttribute('aria-label')?.startsWith('Delete'))!;
        await click(el, del());
        expect($$(el, '[part="history-item"]').length).to.equal(1);
        expect($(el, '[part="toast"]')!.textContent).to.contain(rpEn.rpDeleted);
        await click(el, $(el, '[part="toast__undo"]'));
        expect($$(el, '[part="history-item"]').length).to.equal(2);
        await clock.tickAsync(10_000);
        expect(s.adapter.calls.remove).to.equal(0);
        await click(el, del());
        await clock.tickAsync(6_000);
      } finally {
        clock.restore();
      }
      await until(() => stored(s).length === 1, 3000, 'the delete');
      expect(stored(s)[0].id).to.equal('d1');
      await until(() => $$(el, '[part="history-item"]').length === 1);
    });

    it('shows an error with a retry when it cannot load', async () => {
      let fail = true;
      const s = setup({ before: (op) => (op === 'list' && fail ? Promise.reject(new LcAdapterError('unavailable')) : undefined) });
      const errors: LcErrorEvent[] = [];
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt
          prompt-id="hist"
          prompt="Q?"
          .store=${s.store}
          @lc-error=${(e: LcErrorEvent) => errors.push(e)}
        ></lc-reflection-prompt>`,
      );
      await until(() => text(el).includes(en.errorUnavailable), 3000, 'the error');
      expect(errors.some((e) => e.detail.operation === 'read')).to.be.true;
      await expect(el).to.be.accessible();
      fail = false;
      await click(el, button(el, en.retry));
      await until(() => text(el).includes(rpEn.rpHistoryEmpty));
    });

    it('downloads the series as a Markdown journal and as JSON', async () => {
      const s = setup();
      seed(
        s,
        mine('x1', 1, { commitment: 'Plan A' }),
        mine('x2', 8, { followUp: { previousId: 'x1', previousCommitment: 'Plan A', text: 'Went well' } }),
      );
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="hist" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => $$(el, '[part="history-item"]').length === 2);
      const blobs: Blob[] = [];
      const names: string[] = [];
      sinon.stub(URL, 'createObjectURL').callsFake((b: Blob | MediaSource) => {
        blobs.push(b as Blob);
        return 'blob:test';
      });
      sinon.stub(URL, 'revokeObjectURL');
      sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
        names.push(this.download);
      });
      await click(el, button(el, rpEn.rpExportMarkdown));
      await until(() => names.length === 1);
      await click(el, button(el, rpEn.rpExportJson));
      await until(() => names.length === 2);
      expect(names).to.deep.equal(['hist-reflections.md', 'hist-reflections.json']);
      const md = await blobs[0].text();
      expect(md).to.contain('# Reflection journal: hist');
      expect(md.indexOf('Entry x2')).to.be.lessThan(md.indexOf('Entry x1'));
      expect(md).to.contain('> Plan A').and.contain('Went well').and.contain('### What happened?');
      const json = JSON.parse(await blobs[1].text());
      expect(json.series).to.equal('hist');
      expect(json.reflections.map((r: LcRecord) => r.id)).to.deep.equal(['x2', 'x1']);
      expect($$(el, 'a').length).to.equal(0);
    });
  });

  describe('shared responses', () => {
    it('update live as others submit, newest first, and page with Show more', async () => {
      const backend = new MemoryBackend();
      const me = setup({ backend });
      const other = setup({ backend, community: me.community, viewer: { id: 'u-daniel', name: 'Daniel Reyes' } });
      const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
      for (let i = 0; i < 7; i++)
        seed(me, {
          id: `c${i}`,
          promptId: 'feed',
          series: 'feed',
          visibility: i % 2 ? 'anonymous' : 'community',
          authorId: 'u-old',
          authorName: 'Old Timer',
          answers: [{ questionId: 'q1', question: 'Q?', text: `Old ${i}` }],
          createdAt: day(i),
        });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="feed" prompt="Q?" show-shared page-size="3" .store=${me.store}></lc-reflection-prompt>`,
      );
      await until(() => $$(el, '[part="shared-item"]').length > 0, 3000, 'first page');
      const texts = () => $$(el, '[part="shared-item"] .text').map((t) => t.textContent);
      // Two feeds of 3 (community, anonymous), merged without gaps: nothing older than the
      // community feed's third item shows until its next page is in.
      expect(texts()).to.deep.equal(['Old 6', 'Old 5', 'Old 4', 'Old 3', 'Old 2']);
      await click(el, $(el, '.shared [part="load-more"]'));
      await until(() => texts().length === 7, 3000, 'second page');
      expect(texts()).to.deep.equal(['Old 6', 'Old 5', 'Old 4', 'Old 3', 'Old 2', 'Old 1', 'Old 0']);
      expect(!!$(el, '.shared [part="load-more"]')).to.be.false;
      const writer = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="feed" prompt="Q?" .store=${other.store}></lc-reflection-prompt>`,
      );
      await ready(writer);
      await type(writer, 0, 'Fresh from Daniel');
      await click(writer, $(writer, 'input[value="community"]'));
      await click(writer, submitButton(writer));
      await until(() => texts()[0] === 'Fresh from Daniel', 3000, 'live update');
      expect($(el, '[part="shared-item"] .author')!.textContent).to.equal('Daniel Reyes');
      await expect(el).to.be.accessible();
    });

    it('says when nobody has shared yet', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="none" prompt="Q?" show-shared .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => text(el).includes(rpEn.rpSharedEmpty));
    });
  });

  describe('viewer states', () => {
    it('shows loading while the viewer is unknown', async () => {
      const s = setup({ before: () => new Promise<void>(() => {}) });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="ld" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      expect(text(el)).to.contain(en.loading);
      expect(!!$(el, 'textarea')).to.be.false;
      await expect(el).to.be.accessible();
    });

    it('asks an anonymous viewer for a name when the adapter can take one, then lets them write', async () => {
      const s = setup({ viewer: undefined });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="id1" preset="meeting-next" .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => !!$(el, '[part="identity"]'), 3000, 'identity prompt');
      expect($$(el, '.questions [part="question"]').length).to.equal(3);
      expect(!!$(el, 'textarea')).to.be.false;
      await expect(el).to.be.accessible();
      const input = $<HTMLInputElement>(el, '#lc-identity-name')!;
      input.value = 'Aisha Bello';
      $<HTMLFormElement>(el, '[part="identity"]')!.requestSubmit();
      await ready(el);
      await type(el, 0, 'Story time');
      await click(el, submitButton(el));
      await until(() => stored(s).length === 1);
      expect(stored(s)[0].authorName).to.equal('Aisha Bello');
    });

    it('is read-only with a reason when the viewer is anonymous and the adapter has its own identity', async () => {
      const s = setup({ viewer: undefined });
      Object.defineProperty(s.adapter, 'identify', { value: undefined });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="ro" preset="meeting-next" show-shared .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => text(el).includes(en.readOnlyAnonymous), 3000, 'read-only');
      expect(!!$(el, 'textarea')).to.be.false;
      expect(!!$(el, '[part="identity"]')).to.be.false;
      expect(!!$(el, '[part="history"]')).to.be.false;
      expect(!!$(el, '[part="shared"]')).to.be.true;
      await expect(el).to.be.accessible();
    });

    it('shows an error with a retry when the viewer cannot be loaded', async () => {
      let fail = true;
      const s = setup({ before: (op) => (op === 'whoami' && fail ? Promise.reject(new LcAdapterError('unavailable')) : undefined) });
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="ve" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await until(() => text(el).includes(en.errorLoad), 3000, 'viewer error');
      await expect(el).to.be.accessible();
      fail = false;
      await click(el, button(el, en.retry));
      await ready(el);
    });

    it('says the browser is offline', async () => {
      const s = setup();
      const el = await fixture<LcReflectionPrompt>(
        html`<lc-reflection-prompt prompt-id="off" prompt="Q?" .store=${s.store}></lc-reflection-prompt>`,
      );
      await ready(el);
      sinon.stub(navigator, 'onLine').get(() => false);
      window.dispatchEvent(new Event('offline'));
      await el.updateComplete;
      expect(text(el)).to.contain(en.statusOffline);
    });
  });

  it('speaks Spanish', async () => {
    const s = setup();
    const wrap = await fixture<HTMLDivElement>(
      html`<div lang="es">
        <lc-reflection-prompt prompt-id="es" preset="meeting-next" min-words="2" .store=${s.store}></lc-reflection-prompt>
      </div>`,
    );
    const el = wrap.querySelector('lc-reflection-prompt')!;
    await ready(el);
    expect($$(el, 'label[part="question"]').map((l) => l.textContent!.trim())).to.deep.equal([
      rpEs.rpQNextStoodOut,
      rpEs.rpCommitment,
      rpEs.rpQNextLearn,
    ]);
    expect(submitButton(el)!.textContent!.trim()).to.equal(rpEs.rpSubmit);
    expect($(el, 'fieldset legend')!.textContent).to.equal(rpEs.rpVisibility);
    expect($(el, '#f0c')!.textContent).to.equal('0 de al menos 2 palabras');
    await click(el, submitButton(el));
    expect($(el, '#form-error')!.textContent).to.equal(rpEs.rpErrorEmpty);
    await expect(el).to.be.accessible();
  });
});
