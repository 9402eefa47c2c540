import { expect } from '@open-wc/testing';
import {
  EDIT_WINDOW_MS,
  MAX_MESSAGE,
  aggregate,
  canEdit,
  charsLeft,
  checkDraft,
  csvCell,
  editTimeLeft,
  exportRows,
  isFiltered,
  isSelf,
  isVisible,
  leaders,
  matchesFilter,
  parseList,
  reactionId,
  reactionsOf,
  summarize,
  toCsv,
  toJson,
  validKudos,
  validPrefs,
  validReaction,
  validReport,
  windowRange,
  type KudosFilter,
  type KudosRecord,
  type ReactionRecord,
} from '../../src/elements/kudos-wall/model.js';

const ME = { id: 'u-me', name: 'Maya Okafor', roles: [] as string[] };
const MOD = { id: 'u-mod', name: 'Noor Haddad', roles: ['moderator'] };

function kudos(p: Partial<KudosRecord> = {}): KudosRecord {
  return {
    id: 'k1',
    wallId: 'w',
    authorId: 'u-a',
    authorName: 'Ana López',
    anonymous: false,
    recipients: [{ id: 'u-b', name: 'Bea Núñez' }],
    message: 'Thanks for the storytime cover',
    createdAt: '2026-05-10T10:00:00.000Z',
    ...p,
  };
}

function reaction(kudosId: string, userId: string, emoji: string, userName = userId): ReactionRecord {
  return { id: reactionId(kudosId, userId, emoji), kudosId, wallId: 'w', userId, userName, emoji };
}

describe('kudos-wall model', () => {
  describe('checkDraft', () => {
    const base = { recipients: [{ id: 'u-b', name: 'Bea' }], message: 'Thank you' };
    const cases: [string, Parameters<typeof checkDraft>[0], boolean, object][] = [
      ['a good draft', base, false, {}],
      ['no recipients', { ...base, recipients: [] }, false, { recipients: 'required' }],
      ['the viewer by id', { ...base, recipients: [{ id: 'u-me', name: 'Me' }] }, false, { recipients: 'self' }],
      [
        'the viewer by free-text name',
        { ...base, recipients: [{ id: 'name:maya okafor', name: ' maya  OKAFOR ' }] },
        false,
        { recipients: 'self' },
      ],
      ['someone else by free text', { ...base, recipients: [{ id: 'name:sam', name: 'Sam' }] }, false, {}],
      ['a blank message', { ...base, message: '  \n ' }, false, { message: 'required' }],
      ['500 characters', { ...base, message: 'x'.repeat(MAX_MESSAGE) }, false, {}],
      ['501 characters', { ...base, message: 'x'.repeat(MAX_MESSAGE + 1) }, false, { message: 'tooLong' }],
      ['500 emoji (code points, not UTF-16 units)', { ...base, message: '🎉'.repeat(MAX_MESSAGE) }, false, {}],
      ['no value when one is required', base, true, { value: 'required' }],
      ['a value when one is required', { ...base, value: 'Helped a colleague' }, true, {}],
      ['everything wrong', { recipients: [], message: '' }, true, { recipients: 'required', message: 'required', value: 'required' }],
    ];
    for (const [name, draft, requireValue, expected] of cases)
      it(name, () => {
        expect(checkDraft(draft, ME, requireValue)).to.deep.equal(expected);
      });

    it('counts characters left, negative when over', () => {
      expect(charsLeft('')).to.equal(500);
      expect(charsLeft('abc')).to.equal(497);
      expect(charsLeft('x'.repeat(510))).to.equal(-10);
    });

    it('isSelf never matches an anonymous viewer', () => {
      expect(isSelf({ id: '', name: '' }, { id: '', name: '' })).to.be.false;
    });
  });

  describe('record validators', () => {
    const cases: [string, Partial<KudosRecord>, boolean][] = [
      ['a good kudos', {}, true],
      ['no wallId', { wallId: '' }, false],
      ['no recipients', { recipients: [] }, false],
      ['a recipient without a name', { recipients: [{ id: 'x', name: '' }] }, false],
      ['an empty message', { message: ' ' }, false],
      ['a too long message', { message: 'x'.repeat(501) }, false],
      ['anonymous with a name', { anonymous: true }, false],
      ['anonymous without a name', { anonymous: true, authorName: undefined }, true],
      ['hidden not a boolean', { hidden: 'yes' as unknown as boolean }, false],
      ['a number value', { value: 3 as unknown as string }, false],
    ];
    for (const [name, patch, ok] of cases)
      it(`kudos: ${name}`, () => {
        expect(validKudos(kudos(patch)) === true).to.equal(ok);
      });

    it('reactions must have the id kudosId:userId:emoji', () => {
      expect(validReaction(reaction('k1', 'u1', '🎉'))).to.be.true;
      expect(validReaction({ ...reaction('k1', 'u1', '🎉'), id: 'k1:u2:🎉' })).to.be.a('string');
      expect(validReaction({ ...reaction('k1', 'u1', '🎉'), emoji: '' })).to.be.a('string');
    });

    it('reports need a reason; prefs a boolean', () => {
      expect(validReport({ id: 'k1:u1', kudosId: 'k1', wallId: 'w', reporterId: 'u1', reason: 'spam' })).to.be.true;
      expect(validReport({ id: 'k1:u1', kudosId: 'k1', wallId: 'w', reporterId: 'u1', reason: '' })).to.be.a('string');
      expect(validPrefs({ id: 'u1', leaderboardOptOut: true })).to.be.true;
      expect(validPrefs({ id: 'u1', leaderboardOptOut: 'yes' })).to.be.a('string');
    });
  });

  describe('reactions', () => {
    it('makes ids kudosId:userId:emoji', () => {
      expect(reactionId('k1', 'u1', '👏')).to.equal('k1:u1:👏');
    });

    it('aggregates counts, the viewer’s own and who reacted (oldest first)', () => {
      // newest first, as the store lists them
      const list = [
        reaction('k1', 'u-me', '🎉', 'Maya'),
        reaction('k1', 'u2', '🎉', 'Tom'),
        reaction('k1', 'u3', '👏', 'Ruth'),
        reaction('k2', 'u2', '🎉', 'Tom'),
      ];
      const agg = aggregate(list, 'u-me');
      expect(agg.get('k1')!.get('🎉')).to.deep.equal({ emoji: '🎉', count: 2, mine: true, names: ['Tom', 'Maya'] });
      expect(agg.get('k1')!.get('👏')).to.deep.include({ count: 1, mine: false });
      expect(agg.get('k2')!.get('🎉')!.count).to.equal(1);
      expect(agg.has('k3')).to.be.false;
    });

    it('lists the offered emoji first, also at zero, then any others', () => {
      const agg = aggregate([reaction('k1', 'u1', '🚀'), reaction('k1', 'u2', '👏')], 'u-me');
      const list = reactionsOf(agg.get('k1'), ['🎉', '👏']);
      expect(list.map((s) => [s.emoji, s.count])).to.deep.equal([
        ['🎉', 0],
        ['👏', 1],
        ['🚀', 1],
      ]);
      expect(reactionsOf(undefined, ['🎉']).map((s) => s.count)).to.deep.equal([0]);
    });
  });

  describe('filters and search', () => {
    const k = kudos({ value: 'Shared knowledge', message: 'Café talk on e-books', recipients: [{ id: 'u-me', name: 'Maya Okafor' }] });
    const anon = kudos({ id: 'k2', anonymous: true, authorName: undefined, authorId: 'u-me' });
    const cases: [string, KudosRecord, KudosFilter, boolean][] = [
      ['no filter', k, {}, true],
      ['recipient matches', k, { recipient: 'u-me' }, true],
      ['recipient differs', k, { recipient: 'u-x' }, false],
      ['value matches', k, { value: 'Shared knowledge' }, true],
      ['value differs', k, { value: 'Tried something new' }, false],
      ['given by me: no', k, { show: 'given' }, false],
      ['given by me: yes (anonymous too)', anon, { show: 'given' }, true],
      ['received by me', k, { show: 'received' }, true],
      ['received by me: no', anon, { show: 'received' }, false],
      ['reported', k, { show: 'reported' }, true],
      ['reported: no', anon, { show: 'reported' }, false],
      ['hidden: no', k, { show: 'hidden' }, false],
      ['text, accents and case folded', k, { text: 'CAFE' }, true],
      ['every word must match', k, { text: 'cafe ebooks' }, false],
      ['words in any field', k, { text: 'okafor knowledge' }, true],
      ['the author’s name', k, { text: 'ana lopez' }, true],
      ['an anonymous author is not searchable', kudos({ id: 'k3', anonymous: true, authorName: 'Ana López' }), { text: 'ana' }, false],
      ['text and a filter together', k, { text: 'cafe', value: 'Other' }, false],
    ];
    for (const [name, record, filter, expected] of cases)
      it(name, () => {
        expect(matchesFilter(record, filter, 'u-me', new Set(['k1']))).to.equal(expected);
      });

    it('knows when any filter is on', () => {
      expect(isFiltered({})).to.be.false;
      expect(isFiltered({ text: '  ' })).to.be.false;
      expect(isFiltered({ show: 'given' })).to.be.true;
    });
  });

  describe('moderation visibility and the edit window', () => {
    const hidden = kudos({ hidden: true, hiddenReason: 'off topic' });
    const cases: [string, KudosRecord, typeof ME, boolean][] = [
      ['a shown kudos, to anyone', kudos(), ME, true],
      ['a hidden kudos, to a member', hidden, ME, false],
      ['a hidden kudos, to a moderator', hidden, MOD, true],
      ['a hidden kudos, to its author', hidden, { id: 'u-a', name: 'Ana', roles: [] }, true],
      ['a hidden kudos, to an anonymous viewer', hidden, { id: '', name: '', roles: [] }, false],
    ];
    for (const [name, record, viewer, expected] of cases)
      it(name, () => {
        expect(isVisible(record, viewer)).to.equal(expected);
      });

    const t0 = Date.parse('2026-05-10T10:00:00.000Z');
    const edits: [string, string, number, boolean][] = [
      ['the author, at once', 'u-a', t0, true],
      ['the author, after 14:59', 'u-a', t0 + EDIT_WINDOW_MS - 1000, true],
      ['the author, after 15:00', 'u-a', t0 + EDIT_WINDOW_MS, false],
      ['someone else', 'u-b', t0, false],
      ['an anonymous viewer', '', t0, false],
    ];
    for (const [name, viewerId, now, expected] of edits)
      it(`edit: ${name}`, () => {
        expect(canEdit(kudos(), viewerId, now)).to.equal(expected);
      });

    it('says how long is left', () => {
      expect(editTimeLeft(kudos(), 'u-a', t0 + 60_000)).to.equal(EDIT_WINDOW_MS - 60_000);
    });
  });

  describe('summary and leaderboard', () => {
    const now = new Date(2026, 4, 20);
    const at = (d: number, m = 4) => new Date(2026, m, d, 12).toISOString();
    const list = [
      kudos({ id: 'a', createdAt: at(19), value: 'Helped', recipients: [{ id: 'u1', name: 'Ana' }] }),
      kudos({
        id: 'b',
        createdAt: at(18),
        value: 'Helped',
        recipients: [
          { id: 'u1', name: 'Ana' },
          { id: 'u2', name: 'Bo' },
        ],
      }),
      kudos({ id: 'c', createdAt: at(2), value: 'Shared', recipients: [{ id: 'u2', name: 'Bo' }] }),
      kudos({ id: 'd', createdAt: at(2), recipients: [{ id: 'u3', name: 'Cy' }] }),
      kudos({ id: 'e', createdAt: at(30, 3), value: 'Shared', recipients: [{ id: 'u3', name: 'Cy' }] }),
    ];

    it('counts this month and ranks its values', () => {
      expect(summarize(list, now)).to.deep.equal({
        month: 4,
        values: [
          ['Helped', 2],
          ['Shared', 1],
        ],
      });
      expect(summarize([], now)).to.deep.equal({ month: 0, values: [] });
    });

    it('ranks the most thanked this month, without those who opted out', () => {
      expect(leaders(list, new Set(), now).map((l) => [l.name, l.count])).to.deep.equal([
        ['Ana', 2],
        ['Bo', 2],
        ['Cy', 1],
      ]);
      expect(leaders(list, new Set(['u1']), now).map((l) => l.id)).to.deep.equal(['u2', 'u3']);
      expect(leaders(list, new Set(), now, 1)).to.have.length(1);
    });
  });

  describe('export', () => {
    const cells: [unknown, string][] = [
      ['plain', 'plain'],
      ['a, b', '"a, b"'],
      ['say "hi"', '"say ""hi"""'],
      ['two\nlines', '"two\nlines"'],
      ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
      ['+1', "'+1"],
      ['-1', "'-1"],
      ['@cmd', "'@cmd"],
      ['\tx', "'\tx"],
      ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
      [3, '3'],
      [true, 'true'],
      [undefined, ''],
      [null, ''],
    ];
    for (const [value, expected] of cells)
      it(`csvCell(${JSON.stringify(value)})`, () => {
        expect(csvCell(value)).to.equal(expected);
      });

    const records = [
      kudos({ message: 'Line one,\n"quoted"', value: 'Helped', editedAt: '2026-05-10T10:05:00.000Z' }),
      kudos({
        id: 'k2',
        anonymous: true,
        authorName: undefined,
        hidden: true,
        hiddenReason: '=bad',
        recipients: [
          { id: 'a', name: 'A' },
          { id: 'b', name: 'B' },
        ],
      }),
    ];
    const rows = exportRows(records, new Map([['k1', 3]]), new Map([['k2', 2]]));

    it('leaves out anonymous authors, counts reactions and reports', () => {
      expect(rows[0]).to.deep.include({ from: 'Ana López', reactions: 3, reports: 0, value: 'Helped' });
      expect(rows[1]).to.deep.include({ from: '', to: ['A', 'B'], hidden: true, reports: 2 });
      expect(JSON.stringify(rows[1])).not.to.contain('u-a');
    });

    it('writes CSV with a header and escaped cells', () => {
      const csv = toCsv(rows);
      const lines = csv.split('\r\n');
      expect(lines[0]).to.equal('id,createdAt,from,to,value,message,reactions,reports,hidden,hiddenReason,editedAt');
      expect(csv).to.contain('"Line one,\n""quoted"""');
      expect(csv).to.contain('A; B');
      expect(csv).to.contain("'=bad");
      expect(csv.endsWith('\r\n')).to.be.true;
    });

    it('writes JSON', () => {
      const data = JSON.parse(toJson('w', rows, new Date('2026-05-11T00:00:00.000Z')));
      expect(data.wallId).to.equal('w');
      expect(data.exportedAt).to.equal('2026-05-11T00:00:00.000Z');
      expect(data.kudos).to.have.length(2);
    });
  });

  describe('windowRange', () => {
    const h = Array(100).fill(100);
    const cases: [string, number, number, number, object][] = [
      ['the top', 0, 300, 0, { start: 0, end: 3, before: 0, after: 97 * 100 }],
      ['the middle', 1100, 1500, 10, { start: 10, end: 14, before: 1100, after: 86 * 110 }],
      ['above the list', -500, -100, 10, { start: 0, end: 1 }],
      ['past the end', 20000, 21000, 10, { start: 100, end: 100, after: 0 }],
    ];
    for (const [name, top, bottom, gap, expected] of cases)
      it(name, () => {
        expect(windowRange(h, gap === 0 ? 0 : 10, top, bottom)).to.deep.include(expected);
      });

    it('covers everything with nothing before or after', () => {
      expect(windowRange([50, 60], 0, 0, 1000)).to.deep.equal({ start: 0, end: 2, before: 0, after: 0 });
      expect(windowRange([], 0, 0, 1000)).to.deep.equal({ start: 0, end: 0, before: 0, after: 0 });
    });
  });

  it('parses list attributes', () => {
    expect(parseList('🎉 👏,💡  ❤️ 🎉')).to.deep.equal(['🎉', '👏', '💡', '❤️']);
    expect(parseList('Shared knowledge, Helped a colleague ,, Tried something new', true)).to.deep.equal([
      'Shared knowledge',
      'Helped a colleague',
      'Tried something new',
    ]);
    expect(parseList(undefined)).to.deep.equal([]);
  });
});
