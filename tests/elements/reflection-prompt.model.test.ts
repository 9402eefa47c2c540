import { expect } from '@open-wc/testing';
import {
  PRESETS,
  answersOf,
  charCount,
  checkAnswer,
  checkForm,
  countWords,
  dayNumber,
  draftKey,
  exportFileName,
  hash,
  lastCommitment,
  mdEscape,
  mergeNewest,
  parseDraft,
  parseVisibilities,
  periodNumber,
  pickVisibility,
  resolveQuestions,
  rotationIndex,
  toJson,
  toMarkdown,
  commitmentAnswer,
  validateReflection,
  valuesOf,
  type AnswerRules,
  type ExportLabels,
  type ReflectionRecord,
} from '../../src/elements/reflection-prompt/model.js';
import { rpBundle } from '../../src/elements/reflection-prompt/messages.js';
import type { LcRecord } from '../../src/core/adapter.js';

const { en: rpEn, es: rpEs } = rpBundle;

const rec = (id: string, createdAt: string, extra: Partial<ReflectionRecord> = {}): ReflectionRecord => ({
  id,
  createdAt,
  promptId: 'p',
  series: 's',
  answers: [{ questionId: 'q1', question: 'Q?', text: `answer ${id}` }],
  visibility: 'private',
  ...extra,
});

describe('reflection-prompt model', () => {
  describe('countWords', () => {
    const cases: [string, string, number][] = [
      ['empty', '', 0],
      ['spaces only', '   \n\t ', 0],
      ['plain English', 'The quick brown fox', 4],
      ['punctuation is not a word', 'Hello, world! — ok?', 3],
      ['contractions are one word', "don't you're it’s", 3],
      ['hyphenated words are one word', 'a well-known long-term plan', 4],
      ['a dash between spaces is not a join', 'rock - roll', 2],
      ['accents and combining marks', 'café naïve résumé', 3],
      ['decomposed accents', 'cafe\u0301 ok', 2],
      ['Spanish', '¿Qué aprendiste hoy?', 3],
      ['numbers count', 'We met 3 times in 2026', 6],
      ['Cyrillic and Greek', 'Привет мир γειά σου', 4],
      ['emoji alone are not words', 'great 🎉 day 👍', 2],
      ['line breaks separate words', 'one\ntwo\r\nthree', 3],
    ];
    for (const [what, text, n] of cases) it(what, () => expect(countWords(text)).to.equal(n));

    it('counts words in scripts written without spaces', () => {
      expect(countWords('私は図書館で働いています')).to.be.greaterThan(2);
      expect(countWords('ฉันชอบอ่านหนังสือ')).to.be.greaterThan(1);
    });
  });

  it('counts characters by code point', () => {
    expect(charCount('abc')).to.equal(3);
    expect(charCount('👍🏽')).to.equal(2);
    expect(charCount('😀x')).to.equal(2);
  });

  describe('checkAnswer', () => {
    const cases: [string, string, AnswerRules, ReturnType<typeof checkAnswer>][] = [
      ['empty optional answer is fine', '', {}, undefined],
      ['empty required answer', '  ', { required: true }, { code: 'required' }],
      ['min words only checks given answers', '', { minWords: 5 }, undefined],
      ['too few words', 'one two', { minWords: 3 }, { code: 'minWords', min: 3, count: 2 }],
      ['enough words', 'one two three', { minWords: 3 }, undefined],
      ['required and too short', 'one', { required: true, minWords: 2 }, { code: 'minWords', min: 2, count: 1 }],
      ['too long', 'abcdef', { maxLength: 4 }, { code: 'maxLength', max: 4, over: 2 }],
      ['exactly max length', 'abcd', { maxLength: 4 }, undefined],
      ['max length ignores surrounding space', '  abcd  ', { maxLength: 4 }, undefined],
      ['max length counts emoji as one', '😀😀😀', { maxLength: 3 }, undefined],
      ['zero means no limit', 'x'.repeat(10_000), { maxLength: 0, minWords: 0 }, undefined],
    ];
    for (const [what, text, rules, out] of cases) it(what, () => expect(checkAnswer(text, rules)).to.deep.equal(out));
  });

  describe('checkForm', () => {
    const fields = [
      { key: 'a', rules: {} },
      { key: 'b', rules: { minWords: 2 } },
    ];
    it('refuses an empty form', () => {
      expect(checkForm(fields, {})).to.deep.equal({ problems: {}, empty: true, ok: false });
    });
    it('accepts one answered question', () => {
      expect(checkForm(fields, { a: 'yes' }).ok).to.be.true;
    });
    it('lists every problem by field', () => {
      const c = checkForm(fields, { a: 'x', b: 'one' });
      expect(c.ok).to.be.false;
      expect(Object.keys(c.problems)).to.deep.equal(['b']);
    });
  });

  describe('rotation', () => {
    it('is the same all day and for every viewer, by local date', () => {
      const morning = new Date(2026, 2, 10, 0, 5);
      const night = new Date(2026, 2, 10, 23, 55);
      expect(rotationIndex(morning, 'week-3', 4, 'daily')).to.equal(rotationIndex(night, 'week-3', 4, 'daily'));
      expect(dayNumber(morning)).to.equal(dayNumber(night));
    });

    it('moves on each day and walks the whole set evenly', () => {
      for (const n of [1, 2, 3, 4, 6, 7]) {
        const counts = new Array(n).fill(0);
        for (let d = 0; d < n * 30; d++) counts[rotationIndex(new Date(2026, 0, 1 + d), 'prompt-x', n, 'daily')]++;
        expect(counts, `n=${n}`).to.deep.equal(new Array(n).fill(30));
      }
      const a = rotationIndex(new Date(2026, 0, 1), 'p', 4, 'daily');
      expect(rotationIndex(new Date(2026, 0, 2), 'p', 4, 'daily')).to.equal((a + 1) % 4);
    });

    it('weekly changes on Mondays only', () => {
      const monday = new Date(2026, 5, 1); // 1 June 2026 is a Monday
      expect(monday.getDay()).to.equal(1);
      const week = periodNumber(monday, 'weekly');
      for (let d = 0; d < 7; d++) expect(periodNumber(new Date(2026, 5, 1 + d), 'weekly')).to.equal(week);
      expect(periodNumber(new Date(2026, 4, 31), 'weekly')).to.equal(week - 1);
      expect(periodNumber(new Date(2026, 5, 8), 'weekly')).to.equal(week + 1);
      const counts = [0, 0, 0];
      for (let w = 0; w < 30; w++) counts[rotationIndex(new Date(2026, 0, 5 + 7 * w), 'p', 3, 'weekly')]++;
      expect(counts).to.deep.equal([10, 10, 10]);
    });

    it('starts different prompts at different questions', () => {
      const day = new Date(2026, 3, 14);
      const starts = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => rotationIndex(day, id, 4, 'daily')));
      expect(starts.size).to.be.greaterThan(1);
      expect(hash('week-3')).to.equal(hash('week-3'));
      expect(hash('week-3')).not.to.equal(hash('week-4'));
    });

    it('is always an index into the set', () => {
      expect(rotationIndex(new Date(), 'x', 0, 'daily')).to.equal(0);
      for (let i = 0; i < 50; i++) {
        const n = rotationIndex(new Date(2000 + i, i % 12, 1 + i), `id-${i}`, 5, 'daily');
        expect(n).to.be.within(0, 4);
      }
    });
  });

  describe('questions', () => {
    it('has the four presets with translated text in English and Spanish', () => {
      expect(Object.keys(PRESETS)).to.deep.equal(['meeting-reflect', 'meeting-next', 'what-so-what-now-what', 'gibbs']);
      expect(PRESETS['meeting-reflect']).to.have.length(4);
      expect(PRESETS['meeting-next']).to.have.length(3);
      expect(PRESETS['what-so-what-now-what']).to.have.length(3);
      expect(PRESETS.gibbs).to.have.length(6);
      for (const list of Object.values(PRESETS))
        for (const q of list) {
          expect(rpEn[q.key!], q.key).to.be.a('string').and.not.empty;
          expect(rpEs[q.key!], q.key).to.be.a('string').and.not.equal(rpEn[q.key!]);
          if (q.hintKey) expect(rpEs[q.hintKey]).to.be.a('string').and.not.equal(rpEn[q.hintKey]);
        }
      expect(PRESETS['meeting-next'].filter((q) => q.commitment).map((q) => q.id)).to.deep.equal(['practice']);
    });

    it('resolves custom set, then prompt, then preset', () => {
      expect(
        resolveQuestions({ custom: ['One?', { id: 'x', text: ' Two? ' }], prompt: 'P', preset: 'gibbs' }).map((q) => [q.id, q.text]),
      ).to.deep.equal([
        ['q1', 'One?'],
        ['x', 'Two?'],
      ]);
      expect(resolveQuestions({ prompt: ' Single? ', preset: 'gibbs' })).to.deep.equal([{ id: 'q1', text: 'Single?' }]);
      expect(resolveQuestions({ preset: 'gibbs' })).to.have.length(6);
      expect(resolveQuestions({ preset: 'nope' })).to.deep.equal([]);
      expect(resolveQuestions({ custom: ['', '  '] })).to.deep.equal([]);
    });

    it('makes question ids unique', () => {
      expect(
        resolveQuestions({
          custom: [
            { id: 'a', text: '1' },
            { id: 'a', text: '2' },
            { id: 'a', text: '3' },
          ],
        }).map((q) => q.id),
      ).to.deep.equal(['a', 'a-2', 'a-3']);
    });

    it('can turn the preset commitment off', () => {
      expect(resolveQuestions({ preset: 'meeting-next', commitment: false }).some((q) => q.commitment)).to.be.false;
      expect(PRESETS['meeting-next'][1].commitment).to.be.true;
    });
  });

  describe('visibility', () => {
    const cases: [string | undefined, string[]][] = [
      [undefined, ['private', 'community']],
      ['', ['private', 'community']],
      ['anonymous', ['anonymous']],
      ['community,anonymous', ['community', 'anonymous']],
      ['ANONYMOUS  private', ['private', 'anonymous']],
      ['public everyone', ['private', 'community']],
    ];
    for (const [attr, out] of cases) it(`parses ${JSON.stringify(attr)}`, () => expect(parseVisibilities(attr)).to.deep.equal(out));
    it('picks the wanted visibility only when allowed', () => {
      expect(pickVisibility(['private', 'community'], 'community')).to.equal('community');
      expect(pickVisibility(['private', 'community'], 'anonymous')).to.equal('private');
      expect(pickVisibility(['community', 'anonymous'])).to.equal('community');
    });
  });

  describe('series linking', () => {
    it('finds the newest commitment of the series', () => {
      const r = [
        rec('a', '2026-01-01T10:00:00Z', { commitment: 'Try A' }),
        rec('c', '2026-01-03T10:00:00Z'),
        rec('b', '2026-01-02T10:00:00Z', { commitment: 'Try B' }),
      ];
      expect(lastCommitment(r)?.id).to.equal('b');
    });

    it('is done once a later reflection follows it up', () => {
      const r = [
        rec('a', '2026-01-01T10:00:00Z', { commitment: 'Try A' }),
        rec('b', '2026-01-08T10:00:00Z', { followUp: { previousId: 'a', previousCommitment: 'Try A', text: 'It went well' } }),
      ];
      expect(lastCommitment(r)).to.be.undefined;
    });

    it('moves on to a newer commitment made with the follow-up', () => {
      const r = [
        rec('a', '2026-01-01T10:00:00Z', { commitment: 'Try A' }),
        rec('b', '2026-01-08T10:00:00Z', { commitment: 'Try B', followUp: { previousId: 'a', previousCommitment: 'Try A', text: 'ok' } }),
      ];
      expect(lastCommitment(r)?.commitment).to.equal('Try B');
    });

    it('ignores blank commitments and reflections made in this session', () => {
      const r = [
        rec('a', '2026-01-01T10:00:00Z', { commitment: 'Try A' }),
        rec('b', '2026-01-08T10:00:00Z', { commitment: '   ' }),
        rec('c', '2026-01-09T10:00:00Z', { commitment: 'New' }),
      ];
      expect(lastCommitment(r, new Set(['c']))?.id).to.equal('a');
      expect(lastCommitment([])).to.be.undefined;
    });
  });

  describe('mergeNewest', () => {
    const r = (id: string, day: number) => rec(id, `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`);
    it('merges newest first without duplicates', () => {
      const out = mergeNewest([
        { items: [r('a', 9), r('b', 5)], hasMore: false },
        { items: [r('c', 7), r('a', 9)], hasMore: false },
      ]);
      expect(out.items.map((x) => x.id)).to.deep.equal(['a', 'c', 'b']);
      expect(out.hasMore).to.be.false;
    });
    it('holds back items older than an unfinished list', () => {
      const out = mergeNewest([
        { items: [r('a', 9), r('b', 6)], hasMore: true },
        { items: [r('c', 8), r('d', 2)], hasMore: false },
      ]);
      expect(out.items.map((x) => x.id)).to.deep.equal(['a', 'c', 'b']);
      expect(out.hasMore).to.be.true;
    });
  });

  describe('records', () => {
    const good = rec('r1', '2026-01-01T00:00:00Z', { commitment: 'c', followUp: { previousId: 'x', previousCommitment: 'y', text: 'z' } });
    const cases: [string, LcRecord, boolean][] = [
      ['a full record', good, true],
      ['a plain text record', { id: 't', promptId: 'p', visibility: 'community', text: 'hello' }, true],
      ['no prompt id', { ...good, promptId: '' }, false],
      ['unknown visibility', { ...good, visibility: 'public' }, false],
      ['answers not a list', { ...good, answers: 'x' }, false],
      ['an answer without text', { ...good, answers: [{ questionId: 'a', question: 'b' }] }, false],
      ['neither answers nor text', { id: 'n', promptId: 'p', visibility: 'private' }, false],
      ['a malformed follow-up', { ...good, followUp: { text: 1 } }, false],
      ['a numeric author name', { ...good, authorName: 5 }, false],
    ];
    for (const [what, r, ok] of cases) it(`validates ${what}`, () => expect(validateReflection(r) === true).to.equal(ok));

    it('reads answers and form values back', () => {
      expect(answersOf({ id: 't', text: 'hi' })).to.deep.equal([{ questionId: '', question: '', text: 'hi' }]);
      expect(valuesOf(good)).to.deep.equal({ 'q:q1': 'answer r1', commitment: 'c', followUp: 'z' });
    });
  });

  describe('drafts', () => {
    it('keys drafts per adapter, community, viewer and prompt', () => {
      const k = draftKey('memory:c', 'c', 'u1', 'week 3');
      expect(k).to.equal('lc-reflection-draft:memory%3Ac:c:u1:week%203');
      expect(
        new Set([
          k,
          draftKey('memory:c', 'c', 'u2', 'week 3'),
          draftKey('local:c', 'c', 'u1', 'week 3'),
          draftKey('memory:c', 'c', 'u1', 'week 4'),
        ]).size,
      ).to.equal(4);
    });
    it('reads only well-formed drafts', () => {
      expect(parseDraft(null)).to.be.undefined;
      expect(parseDraft('{oops')).to.be.undefined;
      expect(parseDraft('{"savedAt":"x"}')).to.be.undefined;
      expect(parseDraft('{"values":{"a":"x","b":3},"savedAt":"t"}')).to.deep.equal({ values: { a: 'x' }, savedAt: 't' });
    });
  });

  describe('export', () => {
    const labels: ExportLabels = {
      title: 'Journal: Tuesday circle',
      exported: 'Exported today',
      lastTime: 'Last time you planned to:',
      howItWent: 'How did it go?',
      commitment: 'What will you put into practice?',
      answer: 'Reflection',
      visibility: { private: 'Only me', community: 'My community', anonymous: 'Anonymous' },
    };
    const records = [
      rec('old', '2026-01-01T10:00:00Z', { commitment: 'Read aloud daily' }),
      rec('new', '2026-01-08T10:00:00Z', {
        visibility: 'community',
        answers: [{ questionId: 'q1', question: 'What surprised you?', text: '# not a heading\n<script>x</script> *bold*\n- item' }],
        followUp: { previousId: 'old', previousCommitment: 'Read aloud daily', text: 'Kids loved it' },
      }),
    ];

    it('writes a Markdown journal, newest first, with user text escaped', () => {
      const md = toMarkdown(records, labels, (iso) => iso.slice(0, 10));
      expect(md.startsWith('# Journal: Tuesday circle\n\n_Exported today_\n')).to.be.true;
      expect(md.indexOf('## 2026-01-08')).to.be.lessThan(md.indexOf('## 2026-01-01'));
      expect(md).to.contain('## 2026-01-08 · My community');
      expect(md).to.contain('**Last time you planned to:**\n\n> Read aloud daily\n\n**How did it go?**\n\nKids loved it');
      expect(md).to.contain('### What surprised you?');
      expect(md).to.contain('\\# not a heading  \n\\<script\\>x\\</script\\> \\*bold\\*  \n\\- item');
      expect(md).to.contain('**What will you put into practice?**\n\nRead aloud daily');
      expect(md).not.to.contain('<script>');
    });

    it('writes a commitment that is also an answer (meeting-next) once', () => {
      const r = rec('mn', '2026-01-09T10:00:00Z', {
        answers: [
          { questionId: 'stood-out', question: 'What stood out?', text: 'The quiet hour' },
          { questionId: 'practice', question: 'What will you put into practice?', text: 'Ask open questions' },
        ],
        commitment: 'Ask open questions',
      });
      const md = toMarkdown([r], labels, (iso) => iso.slice(0, 10));
      expect(md.split('What will you put into practice?').length - 1).to.equal(1);
      expect(md.split('Ask open questions').length - 1).to.equal(1);
      expect(commitmentAnswer(r)).to.equal(1);
      expect(commitmentAnswer(records[0])).to.equal(-1);
    });

    it('escapes line-start list numbers and keeps plain text readable', () => {
      expect(mdEscape('1. first')).to.equal('1\\. first');
      expect(mdEscape('Just words, 10 of them.')).to.equal('Just words, 10 of them.');
    });

    it('writes JSON with the series and every record', () => {
      const json = JSON.parse(toJson(records, 'tuesday', '2026-02-01T00:00:00Z'));
      expect(json.series).to.equal('tuesday');
      expect(json.exportedAt).to.equal('2026-02-01T00:00:00Z');
      expect(json.reflections.map((r: LcRecord) => r.id)).to.deep.equal(['new', 'old']);
    });

    it('makes safe file names', () => {
      expect(exportFileName('Tuesday circle / 2026', 'md')).to.equal('Tuesday-circle-2026-reflections.md');
      expect(exportFileName('../..', 'json')).to.equal('reflections-reflections.json');
      expect(exportFileName('café', 'md')).to.equal('cafe-reflections.md');
    });
  });
});
