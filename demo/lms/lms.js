// The LMS demo page (demo/lms/index.html): the shared stand-in LMS (stand-in-lms.js, around
// scorm-again) launches the course packaged by `npm start` (dist/demo-lms/course-*/) in a frame; this
// file keeps what the LMS keeps between sessions (in this browser's localStorage, per SCORM version),
// picks the learner, and shows what the LMS records. An external classic script on purpose: the page
// is served under the same strict Content-Security-Policy with Trusted Types as everything else, so it
// builds the panel with DOM calls and textContent only.
/* global window, document, localStorage, requestAnimationFrame */
(function () {
  'use strict';

  const STORE = 'lc-demo-lms';
  const LIMIT = { 2004: 64000, 1.2: 4096 };
  const LEARNERS = ['Ada Learner', 'Bea Reader', 'Chen Storyteller', 'Dara Librarian'];
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

  let open = false;
  const $ = (id) => document.getElementById(id);

  function learner() {
    const name = LEARNERS[state.learner % LEARNERS.length];
    const round = Math.floor(state.learner / LEARNERS.length);
    return { id: `learner-${state.learner + 1}`, name: round ? `${name} ${round + 1}` : name };
  }

  const lms = window.StandInLms.create({
    stage: () => $('stage'),
    frameSrc: (version) => `/dist/demo-lms/course-${version}/index.html`,
    frameTitle: 'Course: Week 3, reading with early learners',
    onPersist: (saved) => {
      state.saved[lms.version] = saved;
      save();
    },
    onCall: (name) => {
      if (name === 'Terminate') announce('The course ended its session; the LMS kept its data.');
      if (name === 'Commit') announce('The course saved to the LMS.');
      render();
    },
  });

  function launch() {
    close();
    const who = learner();
    const data = { ...(state.saved[state.version] || {}) };
    if (state.version === '1.2') {
      const [first, ...rest] = who.name.split(' ');
      data['cmi.core.student_id'] = who.id;
      data['cmi.core.student_name'] = `${rest.join(' ')}, ${first}`; // 1.2 LMSs send "Last, First"
    } else {
      data['cmi.learner_id'] = who.id;
      data['cmi.learner_name'] = who.name;
    }
    lms.launch(state.version, data);
    open = true;
    render();
  }

  /** Exits the course: removing its frame gives it `pagehide`, so it commits and terminates. */
  function close() {
    if (!open) return;
    lms.unload();
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
    const who = learner();
    $('f-learner').textContent = `${who.name} (${who.id})`;
    if (!lms.api) return;
    const s = lms.state();
    $('f-session').textContent = s.terminated
      ? `ended (exit: ${s.exit || '—'})`
      : s.initialized
        ? `open (entry: ${s.entry || 'ab-initio'})`
        : 'not started';
    $('f-completion').textContent = s.completion || '—';
    $('f-score').textContent = s.score ? `${s.score} / ${s.scoreMax || 100}` : '—';
    const count = (name) => s.calls.filter((c) => c === name).length;
    $('f-calls').textContent = `Initialize ${count('Initialize')} · Commit ${count('Commit')} · Terminate ${count('Terminate')}`;
    const limit = LIMIT[s.version];
    $('f-suspend-size').textContent =
      `${s.suspendData.length.toLocaleString()} of ${limit.toLocaleString()} characters used (SCORM ${s.version})`;
    $('f-suspend-bar').value = Math.min(1, s.suspendData.length / limit);
    let pretty = s.suspendData;
    try {
      pretty = s.suspendData ? JSON.stringify(JSON.parse(s.suspendData), null, 2) : '(empty)';
    } catch {
      /* not JSON: show as it is */
    }
    $('f-suspend').textContent = pretty;
    const rows = s.interactions.map((i) => {
      const tr = document.createElement('tr');
      for (const value of [i.id, i.type, i.response, i.when]) {
        const td = document.createElement('td');
        td.textContent = value;
        tr.append(td);
      }
      return tr;
    });
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
