// The stand-in LMS of the demo (demo/lms/index.html): scorm-again (loaded before this file) is the
// SCORM run-time; this file launches the course packaged by `npm start` (dist/demo-lms/course-*/)
// in a frame, keeps what an LMS keeps between sessions (in this browser's localStorage, per SCORM
// version), and shows it. An external classic script on purpose: the page is served under the
// same strict Content-Security-Policy with Trusted Types as everything else, so it builds the
// panel with DOM calls and textContent only.
/* global window, document, localStorage, requestAnimationFrame, Scorm12API, Scorm2004API */
(function () {
  'use strict';

  const STORE = 'lc-demo-lms';
  const LIMIT = { 2004: 64000, 1.2: 4096 };
  const LEARNERS = ['Ada Learner', 'Bea Reader', 'Chen Storyteller', 'Dara Librarian'];
  /** The run-time data an LMS keeps between sessions (the rest is per session or write-only). */
  const KEEP = {
    2004: /^cmi\.(learner_id|learner_name|suspend_data|location|completion_status|success_status|score\.(raw|min|max|scaled)|progress_measure|interactions\.\d+\.\w+)$/,
    1.2: /^cmi\.(core\.(student_id|student_name|lesson_location|lesson_status|score\.(raw|min|max))|suspend_data|interactions\.\d+\.\w+)$/,
  };

  /** @type {{ version: '2004' | '1.2', learner: number, saved: Record<string, Record<string, string>> }} */
  let state = { version: '2004', learner: 0, saved: {} };
  try {
    state = Object.assign(state, JSON.parse(localStorage.getItem(STORE) || '{}'));
  } catch {
    /* a damaged or unreadable store: start afresh */
  }
  const save = () => {
    try {
      localStorage.setItem(STORE, JSON.stringify(state));
    } catch {
      /* private mode: the LMS forgets on reload */
    }
  };

  let api;
  let calls = { Initialize: 0, Commit: 0, Terminate: 0 };
  let open = false;
  const $ = (id) => document.getElementById(id);

  function learner() {
    const name = LEARNERS[state.learner % LEARNERS.length];
    const round = Math.floor(state.learner / LEARNERS.length);
    return { id: `learner-${state.learner + 1}`, name: round ? `${name} ${round + 1}` : name };
  }

  /** Keeps what the LMS keeps, as it would on every commit. */
  function persist() {
    const flat = api.getFlattenedCMI();
    const kept = {};
    for (const [k, v] of Object.entries(flat)) if (KEEP[state.version].test(k) && typeof v === 'string' && v !== '') kept[k] = v;
    const exitKey = state.version === '1.2' ? 'cmi.core.exit' : 'cmi.exit';
    if (flat[exitKey]) kept[exitKey] = flat[exitKey];
    state.saved[state.version] = kept;
    save();
  }

  function launch() {
    close();
    delete window.API;
    delete window.API_1484_11;
    calls = { Initialize: 0, Commit: 0, Terminate: 0 };
    const v12 = state.version === '1.2';
    const settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
    api = v12 ? new Scorm12API(settings) : new Scorm2004API(settings);
    const who = learner();
    const start = { ...(state.saved[state.version] || {}) };
    if (v12) {
      const [first, ...rest] = who.name.split(' ');
      start['cmi.core.student_id'] = who.id;
      start['cmi.core.student_name'] = `${rest.join(' ')}, ${first}`; // 1.2 LMSs send "Last, First"
    } else {
      start['cmi.learner_id'] = who.id;
      start['cmi.learner_name'] = who.name;
    }
    const exitKey = v12 ? 'cmi.core.exit' : 'cmi.exit';
    if (start[exitKey] === 'suspend') start[v12 ? 'cmi.core.entry' : 'cmi.entry'] = 'resume';
    delete start[exitKey];
    api.loadFromFlattenedJSON(start, '');
    const names = v12
      ? { LMSInitialize: 'Initialize', LMSCommit: 'Commit', LMSFinish: 'Terminate', LMSSetValue: 'SetValue' }
      : { Initialize: 'Initialize', Commit: 'Commit', Terminate: 'Terminate', SetValue: 'SetValue' };
    for (const [event, name] of Object.entries(names))
      api.on(event, () => {
        if (name in calls) calls[name]++;
        if (name === 'Commit' || name === 'Terminate') persist();
        if (name === 'Terminate') announce('The course ended its session; the LMS kept its data.');
        if (name === 'Commit') announce('The course saved to the LMS.');
        render();
      });
    if (v12) window.API = api;
    else window.API_1484_11 = api;
    const frame = document.createElement('iframe');
    frame.id = 'player';
    frame.title = 'Course: Week 3, reading with early learners';
    frame.src = `/dist/demo-lms/course-${state.version}/index.html`;
    $('stage').replaceChildren(frame);
    open = true;
    render();
  }

  /** Exits the course: removing its frame gives it `pagehide`, so it commits and terminates. */
  function close() {
    if (!open) return;
    $('stage').replaceChildren();
    open = false;
    const notice = document.createElement('p');
    notice.className = 'lms-closed';
    notice.textContent = 'The course is closed. Resume it to continue where you left off.';
    $('stage').append(notice);
  }

  let queued = false;
  function render() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      draw();
    });
  }

  function draw() {
    const v12 = state.version === '1.2';
    const flat = api ? api.getFlattenedCMI() : {};
    const get = (k) => (typeof flat[k] === 'string' ? flat[k] : '');
    const who = learner();
    $('f-learner').textContent = `${who.name} (${who.id})`;
    $('f-session').textContent = !api
      ? '—'
      : api.isTerminated()
        ? `ended (exit: ${get(v12 ? 'cmi.core.exit' : 'cmi.exit') || '—'})`
        : api.isInitialized()
          ? `open (entry: ${get(v12 ? 'cmi.core.entry' : 'cmi.entry') || 'ab-initio'})`
          : 'not started';
    $('f-completion').textContent = (v12 ? get('cmi.core.lesson_status') : get('cmi.completion_status')) || '—';
    const raw = get(v12 ? 'cmi.core.score.raw' : 'cmi.score.raw');
    $('f-score').textContent = raw ? `${raw} / ${get(v12 ? 'cmi.core.score.max' : 'cmi.score.max') || 100}` : '—';
    $('f-calls').textContent = `Initialize ${calls.Initialize} · Commit ${calls.Commit} · Terminate ${calls.Terminate}`;
    const data = get('cmi.suspend_data');
    const limit = LIMIT[state.version];
    $('f-suspend-size').textContent =
      `${data.length.toLocaleString()} of ${limit.toLocaleString()} characters used (SCORM ${state.version})`;
    $('f-suspend-bar').value = Math.min(1, data.length / limit);
    let pretty = data;
    try {
      pretty = data ? JSON.stringify(JSON.parse(data), null, 2) : '(empty)';
    } catch {
      /* not JSON: show as it is */
    }
    $('f-suspend').textContent = pretty;
    const rows = [];
    for (let n = 0; `cmi.interactions.${n}.id` in flat; n++) {
      const at = `cmi.interactions.${n}.`;
      const tr = document.createElement('tr');
      for (const value of [
        get(at + 'id'),
        get(at + 'type'),
        get(at + (v12 ? 'student_response' : 'learner_response')),
        get(at + (v12 ? 'time' : 'timestamp')),
      ]) {
        const td = document.createElement('td');
        td.textContent = value;
        tr.append(td);
      }
      rows.push(tr);
    }
    $('f-interactions').tBodies[0].replaceChildren(...rows);
    $('f-interactions').hidden = !rows.length;
    $('f-no-interactions').hidden = !!rows.length;
  }

  function announce(text) {
    $('f-live').textContent = text;
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('version').value = state.version;
    $('version').addEventListener('change', (e) => {
      close();
      state.version = e.target.value === '1.2' ? '1.2' : '2004';
      save();
      launch();
    });
    $('exit').addEventListener('click', () => {
      close();
      render();
    });
    $('resume').addEventListener('click', () => launch());
    $('reset').addEventListener('click', () => {
      close();
      state.learner++;
      state.saved = {};
      save();
      launch();
      announce(`A new learner, ${learner().name}, starts the course.`);
    });
    launch();
  });
})();
