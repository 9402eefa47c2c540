// The LMS of the end-to-end test (tests/lms/e2e.mjs): the shared stand-in LMS (demo/lms/stand-in-lms.js,
// served at /runtime/, around scorm-again) with the course in a player frame that frames the SCO
// (frame.html → /sco/index.html: the API is two levels up), as many LMS players do. The test drives
// `window.lms`: launch(version, data), unload(), state(), saved, calls, api.
/* global window, document */
(function () {
  'use strict';
  window.lms = window.StandInLms.create({
    stage: () => document.getElementById('stage'),
    frameSrc: (_version, launch) => 'frame.html?launch=' + launch,
    frameTitle: 'Course player',
  });
})();
