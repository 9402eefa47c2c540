import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LitElement } from 'lit';
import sinon from 'sinon';
import type { Person } from '../../src/core/adapter.js';
import { hostStyles, sharedStyles } from '../../src/styles/tokens.js';
import { LcPersonPicker, SEARCH_DEBOUNCE_MS, definePersonPicker, freePerson } from '../../src/ui/person-picker.js';
import { deferred, type Deferred } from '../helpers.js';

definePersonPicker();

/** A themed wrapper, as an lc element would be. */
class TestPickerHost extends LitElement {
  static override styles = [hostStyles, sharedStyles];
  override render() {
    return html`<slot></slot>`;
  }
}
customElements.define('test-picker-host', TestPickerHost);

const PEOPLE: Person[] = [
  { id: 'u1', name: 'Ana López', title: 'Librarian', team: 'Branch 7' },
  { id: 'u2', name: 'Anand Rao', title: 'Archivist' },
  { id: 'u3', name: 'Bea Novak', team: 'Digital' },
  { id: 'me', name: 'Andrea Me', title: 'Coordinator' },
];
const fakeSearch = (q: string) => Promise.resolve(PEOPLE.filter((p) => p.name.toLowerCase().includes(q.toLowerCase())));

const input = (el: LcPersonPicker) => el.shadowRoot!.querySelector('input')!;
const options = (el: LcPersonPicker) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role="option"]')];
const chips = (el: LcPersonPicker) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('.chip')];
const liveText = (el: LcPersonPicker) => el.shadowRoot!.querySelector('.vh[role="status"]')!.textContent!.trim();
const names = (el: LcPersonPicker) => el.selected.map((p) => p.name);

/** Types into the input as the browser would report it (one input event). */
async function type(el: LcPersonPicker, value: string): Promise<void> {
  const i = input(el);
  i.focus();
  i.value = value;
  i.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: value }));
  await el.updateComplete;
}

/** Runs the debounce with fake time and lets the search promise and the update settle. */
async function debounce(el: LcPersonPicker, clock: sinon.SinonFakeTimers): Promise<void> {
  await clock.tickAsync(SEARCH_DEBOUNCE_MS);
  await el.updateComplete;
}

describe('lc-person-picker', () => {
  let clock: sinon.SinonFakeTimers;
  let restored = false;
  const restoreClock = () => {
    if (!restored) clock.restore();
    restored = true;
  };
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    restored = false;
  });
  afterEach(restoreClock);

  it('is accessible, open with results and chips', async () => {
    const host = await fixture<TestPickerHost>(
      html`<test-picker-host
        ><lc-person-picker label="Thank" multiple .search=${fakeSearch} .selected=${[PEOPLE[2]]}></lc-person-picker
      ></test-picker-host>`,
    );
    const el = host.querySelector('lc-person-picker')!;
    await type(el, 'an');
    await debounce(el, clock);
    expect(options(el)).to.have.length(3);
    restoreClock(); // axe schedules its own timers
    await expect(host).to.be.accessible();
  });

  it('wires the combobox pattern', async () => {
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" .search=${fakeSearch}></lc-person-picker>`);
    const i = input(el);
    expect(i.getAttribute('role')).to.equal('combobox');
    expect(i.getAttribute('aria-autocomplete')).to.equal('list');
    expect(i.getAttribute('aria-expanded')).to.equal('false');
    const listbox = el.shadowRoot!.getElementById(i.getAttribute('aria-controls')!)!;
    expect(listbox.getAttribute('role')).to.equal('listbox');
    expect((el.shadowRoot!.querySelector('label') as HTMLLabelElement).control).to.equal(i);
    expect(el.shadowRoot!.querySelector('label')!.textContent).to.equal('Thank');
    expect(i.placeholder).to.equal('Type a name');
  });

  it('debounces typing and searches once for the last text', async () => {
    const search = sinon.spy(fakeSearch);
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" .search=${search}></lc-person-picker>`);
    await type(el, 'a');
    await clock.tickAsync(50);
    await type(el, 'an');
    await clock.tickAsync(50);
    await type(el, 'ana');
    await clock.tickAsync(SEARCH_DEBOUNCE_MS - 1);
    expect(search).not.to.have.been.called;
    await clock.tickAsync(1);
    await el.updateComplete;
    expect(search).to.have.been.calledOnceWith('ana');
    expect(options(el).map((o) => o.querySelector('.option__name')!.textContent)).to.deep.equal(['Ana López', 'Anand Rao']);
    expect(input(el).getAttribute('aria-expanded')).to.equal('true');
    expect(liveText(el)).to.equal('2 suggestions');
  });

  it('shows title · team in options', async () => {
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" .search=${fakeSearch}></lc-person-picker>`);
    await type(el, 'ana lóp');
    await debounce(el, clock);
    expect(options(el)[0].querySelector('.option__meta')!.textContent).to.equal('Librarian · Branch 7');
  });

  it('ignores stale responses', async () => {
    const pending = new Map<string, Deferred<Person[]>>();
    const search = (q: string) => {
      const d = deferred<Person[]>();
      pending.set(q, d);
      return d.promise;
    };
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" .search=${search}></lc-person-picker>`);
    await type(el, 'a');
    await debounce(el, clock);
    await type(el, 'be');
    await debounce(el, clock);
    pending.get('be')!.resolve([PEOPLE[2]]);
    await clock.tickAsync(0);
    await el.updateComplete;
    pending.get('a')!.resolve([PEOPLE[0], PEOPLE[1]]);
    await clock.tickAsync(0);
    await el.updateComplete;
    expect(options(el).map((o) => o.querySelector('.option__name')!.textContent)).to.deep.equal(['Bea Novak']);
  });

  it('moves through options with arrows and chooses with Enter', async () => {
    const spy = sinon.spy();
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" multiple .search=${fakeSearch} @lc-people-change=${spy}></lc-person-picker>`,
    );
    await type(el, 'an');
    await debounce(el, clock);
    const i = input(el);
    expect(i.hasAttribute('aria-activedescendant')).to.be.false;
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(i.getAttribute('aria-activedescendant')).to.equal(options(el)[0].id);
    expect(options(el)[0].getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(i.getAttribute('aria-activedescendant')).to.equal(options(el)[1].id);
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    expect(i.getAttribute('aria-activedescendant')).to.equal(options(el)[options(el).length - 1].id, 'wraps to the end');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Ana López']);
    expect(spy).to.have.been.calledOnce;
    expect(spy.firstCall.args[0].detail.selected.map((p: Person) => p.id)).to.deep.equal(['u1']);
    expect(spy.firstCall.args[0].bubbles && spy.firstCall.args[0].composed).to.be.true;
    expect(i.value).to.equal('');
    expect(i.getAttribute('aria-expanded')).to.equal('false');
    expect(liveText(el)).to.equal('Ana López added. 1 person selected');
    expect(el.shadowRoot!.activeElement).to.equal(i);
  });

  it('chooses with a click and keeps focus in the input', async () => {
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" .search=${fakeSearch}></lc-person-picker>`);
    await type(el, 'bea');
    await debounce(el, clock);
    options(el)[0].click();
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Bea Novak']);
    expect(chips(el)).to.have.length(1);
  });

  it('replaces the choice when not multiple', async () => {
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" .search=${fakeSearch} .selected=${[PEOPLE[0]]}></lc-person-picker>`,
    );
    await type(el, 'bea');
    await debounce(el, clock);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Bea Novak']);
  });

  it('hides people already chosen from the suggestions', async () => {
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" multiple .search=${fakeSearch} .selected=${[PEOPLE[0]]}></lc-person-picker>`,
    );
    await type(el, 'an');
    await debounce(el, clock);
    expect(options(el).map((o) => o.querySelector('.option__name')!.textContent)).to.not.include('Ana López');
  });

  it('Escape closes the list, then clears the text', async () => {
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" .search=${fakeSearch}></lc-person-picker>`);
    await type(el, 'an');
    await debounce(el, clock);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(input(el).getAttribute('aria-expanded')).to.equal('false');
    expect(input(el).hasAttribute('aria-activedescendant')).to.be.false;
    expect(input(el).value).to.equal('an');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(input(el).value).to.equal('');
  });

  it('adds free text on Enter when there is no search', async () => {
    const spy = sinon.spy();
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" multiple @lc-people-change=${spy}></lc-person-picker>`);
    input(el).focus();
    await sendKeys({ type: 'Zoë  Adé' });
    await el.updateComplete;
    expect(options(el)[0].textContent!.trim()).to.equal('Add “Zoë Adé”');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.selected).to.deep.equal([{ id: 'name:zoë adé', name: 'Zoë Adé' }]);
    expect(spy).to.have.been.calledOnce;
    expect(freePerson(' Kim  Lee ')).to.deep.equal({ id: 'name:kim lee', name: 'Kim Lee' });
  });

  it('adds free text with allowFree when nothing matches, and not without it', async () => {
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" multiple .search=${fakeSearch}></lc-person-picker>`);
    await type(el, 'Quinn');
    await debounce(el, clock);
    expect(liveText(el)).to.equal('No matches.');
    expect(el.shadowRoot!.querySelector('.note')!.textContent).to.equal('No matches.');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.selected).to.deep.equal([]);

    el.allowFree = true;
    await type(el, 'Quinn');
    await debounce(el, clock);
    expect(liveText(el)).to.equal('No matches. Press Enter to add this name.');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.selected).to.deep.equal([{ id: 'name:quinn', name: 'Quinn' }]);
  });

  it('answers an Enter pressed before the directory replied once it replies', async () => {
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" multiple .allowFree=${true} .search=${fakeSearch}></lc-person-picker>`,
    );
    await type(el, 'bea novak');
    await sendKeys({ press: 'Enter' }); // the search has not run yet
    await el.updateComplete;
    expect(el.selected).to.deep.equal([]);
    await debounce(el, clock);
    await el.updateComplete;
    expect(el.selected.map((p) => p.id)).to.deep.equal(['u3']); // the directory's person, not free text

    await type(el, 'Zed Typed');
    await sendKeys({ press: 'Enter' });
    await debounce(el, clock);
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Bea Novak', 'Zed Typed']);
  });

  it('Enter on an exact name chooses that person, not free text', async () => {
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" .allowFree=${true} .search=${fakeSearch}></lc-person-picker>`,
    );
    await type(el, 'bea novak');
    await debounce(el, clock);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.selected.map((p) => p.id)).to.deep.equal(['u3']);
  });

  it('shows excluded people as not selectable with a message', async () => {
    const spy = sinon.spy();
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" .search=${fakeSearch} .excludeIds=${['me']} @lc-people-change=${spy}></lc-person-picker>`,
    );
    await type(el, 'andrea');
    await debounce(el, clock);
    const opt = options(el)[0];
    expect(opt.getAttribute('aria-disabled')).to.equal('true');
    expect(opt.querySelector('.option__note')!.textContent).to.equal('You cannot choose yourself.');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    opt.click();
    await el.updateComplete;
    expect(el.selected).to.deep.equal([]);
    expect(spy).not.to.have.been.called;
    expect(liveText(el)).to.equal('You cannot choose yourself.');
  });

  it('removes a chip with its button and refocuses the input', async () => {
    const spy = sinon.spy();
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" multiple .selected=${[PEOPLE[0], PEOPLE[2]]} @lc-people-change=${spy}></lc-person-picker>`,
    );
    const button = chips(el)[1].querySelector('button')!;
    expect(button.getAttribute('aria-label')).to.equal('Remove Bea Novak');
    button.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Ana López']);
    expect(spy).to.have.been.calledOnce;
    expect(spy.firstCall.args[0].detail.selected.map((p: Person) => p.id)).to.deep.equal(['u1']);
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
    expect(liveText(el)).to.equal('Bea Novak removed. 1 person selected');
  });

  it('Backspace in an empty input removes the last chip', async () => {
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" multiple .selected=${[PEOPLE[0], PEOPLE[2]]}></lc-person-picker>`,
    );
    el.focus();
    await sendKeys({ type: 'x' });
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(el.selected).to.have.length(2, 'the first Backspace deletes the typed letter');
    await sendKeys({ press: 'Backspace' });
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Ana López']);
  });

  it('fires no event on a programmatic set', async () => {
    const spy = sinon.spy();
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank" multiple @lc-people-change=${spy}></lc-person-picker>`);
    el.selected = [PEOPLE[0], PEOPLE[1]];
    await el.updateComplete;
    el.selected = [];
    await el.updateComplete;
    expect(spy).not.to.have.been.called;
  });

  it('renders hostile names as text', async () => {
    const evil: Person = { id: 'x', name: '<img src=x onerror="window.__pp=1"><b>Mal</b>', title: '<script>window.__pp=2</script>' };
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" multiple .search=${() => Promise.resolve([evil])} .selected=${[evil]}></lc-person-picker>`,
    );
    await type(el, 'mal');
    await debounce(el, clock);
    expect(el.shadowRoot!.querySelectorAll('img, b, script')).to.have.length(0);
    expect(chips(el)[0].querySelector('.chip__name')!.textContent).to.equal(evil.name);
    expect((window as unknown as { __pp?: number }).__pp).to.be.undefined;
  });

  it('marks itself invalid with a described error', async () => {
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" .invalid=${true} .errorMessage=${'Choose someone to thank.'}></lc-person-picker>`,
    );
    const i = input(el);
    expect(i.getAttribute('aria-invalid')).to.equal('true');
    const err = el.shadowRoot!.getElementById(i.getAttribute('aria-describedby')!)!;
    expect(err.textContent).to.equal('Choose someone to thank.');
  });

  it('says when the search fails', async () => {
    const el = await fixture<LcPersonPicker>(
      html`<lc-person-picker label="Thank" .search=${() => Promise.reject(new Error('down'))}></lc-person-picker>`,
    );
    await type(el, 'an');
    await debounce(el, clock);
    expect(liveText(el)).to.equal('Could not load.');
    expect(el.shadowRoot!.querySelector('.note')!.textContent).to.equal('Could not load.');
  });

  it('focus() focuses the input', async () => {
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker label="Thank"></lc-person-picker>`);
    el.focus();
    expect(el.shadowRoot!.activeElement).to.equal(input(el));
  });

  it('translates its strings', async () => {
    const el = await fixture<LcPersonPicker>(html`<lc-person-picker lang="es" multiple .selected=${[PEOPLE[2]]}></lc-person-picker>`);
    expect(el.shadowRoot!.querySelector('label')!.textContent).to.equal('Personas');
    expect(input(el).placeholder).to.equal('Escribe un nombre');
    expect(chips(el)[0].querySelector('button')!.getAttribute('aria-label')).to.equal('Quitar a Bea Novak');
  });
});
