// A stand-in LMS around scorm-again (an LMS-side SCORM run-time, loaded before this file), shared by
// the `npm start` LMS demo (demo/lms/lms.js) and the SCORM end-to-end test (tests/lms/pages/lms.js).
// `StandInLms.create(options).launch(version, data)` installs a fresh API in this window
// (`API_1484_11` for 2004, `API` for 1.2), preloads what an earlier session left (flattened CMI:
// the learner, suspend_data, status, interactions; an exit of `suspend` resumes) and opens the course
// in a frame. Every commit and the terminate are "persisted" into `saved`, as a real LMS keeps them
// for the next launch. A classic external script: both pages run under a strict CSP.
/* global window, document, Scorm12API, Scorm2004API */
(function () {
  'use strict';

  /** The run-time data an LMS keeps between sessions of one attempt (the rest is per session). */
  const KEEP = {
    2004: /^cmi\.(learner_id|learner_name|suspend_data|location|completion_status|success_status|score\.(raw|min|max|scaled)|progress_measure|interactions\.\d+\.\w+)$/,
    1.2: /^cmi\.(core\.(student_id|student_name|lesson_location|lesson_status|score\.(raw|min|max))|suspend_data|interactions\.\d+\.\w+)$/,
  };

  /**
   * @param {{
   *   stage: () => HTMLElement,
   *   frameSrc: (version: '1.2' | '2004', launch: number) => string,
   *   frameTitle: string,
   *   onCall?: (name: string) => void,
   *   onPersist?: (saved: Record<string, string>) => void,
   * }} options
   *   stage: where the course frame goes; frameSrc: its address; onCall: after every run-time call
   *   ('Initialize', 'Commit', 'Terminate', 'SetValue'); onPersist: when the LMS keeps new data.
   */
  function create(options) {
    const lms = {
      /** '1.2' | '2004' */
      version: undefined,
      /** the scorm-again API of the current launch */
      api: undefined,
      /** run-time calls seen in this launch, in order: 'Initialize', 'Commit', 'Terminate', 'SetValue cmi.…' */
      calls: [],
      /** what the LMS keeps for the next launch (a flattened CMI subset), updated on every commit */
      saved: undefined,
      /** How many launches this page has done. */
      launches: 0,

      /**
       * Starts a session: a new API with `data` (flattened CMI, e.g. a previous `saved`) and the course.
       * @param {'1.2' | '2004'} version
       * @param {Record<string, string>} [data]
       */
      launch(version, data) {
        lms.unload();
        delete window.API;
        delete window.API_1484_11;
        lms.version = version;
        lms.calls = [];
        const settings = { autocommit: false, lmsCommitUrl: false, logLevel: 5 };
        const api = version === '1.2' ? new Scorm12API(settings) : new Scorm2004API(settings);
        const start = { ...(data || {}) };
        // an earlier session that ended with exit=suspend resumes
        const exitKey = version === '1.2' ? 'cmi.core.exit' : 'cmi.exit';
        const entryKey = version === '1.2' ? 'cmi.core.entry' : 'cmi.entry';
        if (start[exitKey] === 'suspend') start[entryKey] = 'resume';
        delete start[exitKey];
        if (Object.keys(start).length) api.loadFromFlattenedJSON(start, '');
        lms.saved = { ...(data || {}) };
        const names =
          version === '1.2'
            ? { LMSInitialize: 'Initialize', LMSCommit: 'Commit', LMSFinish: 'Terminate', LMSSetValue: 'SetValue' }
            : { Initialize: 'Initialize', Commit: 'Commit', Terminate: 'Terminate', SetValue: 'SetValue' };
        for (const [event, name] of Object.entries(names))
          api.on(event, (element) => {
            lms.calls.push(name === 'SetValue' ? `SetValue ${element}` : name);
            if (name === 'Commit' || name === 'Terminate') lms.persist();
            options.onCall?.(name);
          });
        if (version === '1.2') window.API = api;
        else window.API_1484_11 = api;
        lms.api = api;
        lms.launches++;
        const frame = document.createElement('iframe');
        frame.id = 'player';
        frame.title = options.frameTitle;
        frame.src = options.frameSrc(version, lms.launches);
        options.stage().replaceChildren(frame);
      },

      /** Closes the course (removes its frame: the course gets pagehide, commits and terminates). */
      unload() {
        options.stage().replaceChildren();
      },

      /** Keeps what the LMS keeps: the flattened CMI subset plus exit. */
      persist() {
        const flat = lms.api.getFlattenedCMI();
        const kept = {};
        for (const [k, v] of Object.entries(flat)) if (KEEP[lms.version].test(k) && typeof v === 'string' && v !== '') kept[k] = v;
        const exitKey = lms.version === '1.2' ? 'cmi.core.exit' : 'cmi.exit';
        if (flat[exitKey]) kept[exitKey] = flat[exitKey];
        lms.saved = kept;
        options.onPersist?.(kept);
      },

      /**
       * The state as the LMS sees it, read from the run-time's data model (getFlattenedCMI: no SCORM
       * call, so write-only elements and the error state are untouched).
       */
      state() {
        const api = lms.api;
        const v12 = lms.version === '1.2';
        const flat = api.getFlattenedCMI();
        const get = (k) => (typeof flat[k] === 'string' ? flat[k] : '');
        const interactions = [];
        for (let n = 0; `cmi.interactions.${n}.id` in flat; n++) {
          const at = `cmi.interactions.${n}.`;
          interactions.push({
            id: get(at + 'id'),
            type: get(at + 'type'),
            response: get(at + (v12 ? 'student_response' : 'learner_response')),
            result: get(at + 'result'),
            when: get(at + (v12 ? 'time' : 'timestamp')),
          });
        }
        return {
          version: lms.version,
          initialized: api.isInitialized(),
          terminated: api.isTerminated(),
          calls: lms.calls.slice(),
          suspendData: get('cmi.suspend_data'),
          completion: get(v12 ? 'cmi.core.lesson_status' : 'cmi.completion_status'),
          score: get(v12 ? 'cmi.core.score.raw' : 'cmi.score.raw'),
          scoreMax: get(v12 ? 'cmi.core.score.max' : 'cmi.score.max'),
          exit: get(v12 ? 'cmi.core.exit' : 'cmi.exit'),
          entry: get(v12 ? 'cmi.core.entry' : 'cmi.entry'),
          sessionTime: get(v12 ? 'cmi.core.session_time' : 'cmi.session_time'),
          learner: get(v12 ? 'cmi.core.student_id' : 'cmi.learner_id'),
          interactions,
          saved: lms.saved,
        };
      },
    };
    return lms;
  }

  window.StandInLms = { create };
})();
