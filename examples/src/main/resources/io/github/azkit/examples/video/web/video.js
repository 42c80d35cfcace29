'use strict';
// The simulated player: its position advances with the clock (times the chosen speed); every PING_EVERY seconds
// of video it sends a progress ping, and on pause, jump or leaving the page it sends a stop, as a real player would.
(() => {
  const { api, el, page, param, run, say, signedIn, time } = azkit;
  const PING_EVERY = 30;
  const TICK_MS = 250;
  let video;
  let position = 0;
  let playing = null;
  let nextPing = PING_EVERY;

  function draw() {
    document.getElementById('screen').textContent = time(position);
    document.getElementById('position').textContent = time(position) + ' of ' + time(video.durationSeconds);
    document.getElementById('bar').value = position;
  }

  // Pings and stops go out one after another, in order, so a stop is never overtaken by an earlier ping.
  let sending = Promise.resolve();

  function send(kind, offset) {
    sending = sending.then(() => api('POST', '/api/watch/' + encodeURIComponent(video.id) + '/' + kind,
      { offset })).catch((e) => {
      pause(false);
      say(e.message, 'error');
    });
    return sending;
  }

  function play() {
    if (playing) {
      return;
    }
    if (position >= video.durationSeconds) {
      position = 0;
    }
    // The first ping goes when the position reaches the next 30-second mark, not at Play: pressing Play and Pause,
    // or jumping through the sections, credits nothing that was not watched.
    nextPing = Math.floor(position / PING_EVERY) * PING_EVERY + PING_EVERY;
    document.getElementById('play').textContent = 'Pause';
    let last = performance.now();
    playing = setInterval(() => {
      const now = performance.now();
      const speed = Number(document.getElementById('speed').value);
      position = Math.min(video.durationSeconds, position + (now - last) / 1000 * speed);
      last = now;
      while (position >= nextPing) {
        send('progress', nextPing);
        nextPing += PING_EVERY;
      }
      draw();
      if (position >= video.durationSeconds) {
        pause(true);
      }
    }, TICK_MS);
  }

  function pause(sendStop) {
    if (!playing) {
      return;
    }
    clearInterval(playing);
    playing = null;
    document.getElementById('play').textContent = 'Play';
    if (sendStop) {
      send('stop', Math.floor(position));
    }
  }

  function jump(seconds) {
    const wasPlaying = playing !== null;
    pause(wasPlaying);
    position = Math.max(0, Math.min(video.durationSeconds, seconds));
    draw();
    if (wasPlaying) {
      play();
    }
  }

  function drawBookmarks(marks) {
    document.getElementById('bookmarks').replaceChildren(...marks.map((mark, index) => el('li', {},
      el('button', { type: 'button', class: 'secondary jump', onclick: () => jump(mark.offsetSeconds) },
        time(mark.offsetSeconds)),
      el('span', { class: 'grow note' }, mark.note),
      el('button', { type: 'button', class: 'secondary remove', onclick: run(async (event) => {
        event.target.disabled = true; // one click, one delete
        // The offset names the bookmark too: if the list changed elsewhere, the service refuses instead of
        // deleting another one.
        drawBookmarks(await api('DELETE', '/api/bookmarks/' + encodeURIComponent(video.id) + '/' + index
          + '?offset=' + mark.offsetSeconds));
      }) }, 'Delete'))));
  }

  page(async () => {
    await signedIn();
    const id = param('id');
    if (!id) {
      throw new Error('No video was chosen: pick one in the library.');
    }
    const [found, library] = await Promise.all([api('GET', '/api/library/videos/' + encodeURIComponent(id)),
      api('GET', '/api/library')]);
    video = found;
    const instructor = library.instructors.find((i) => i.id === video.instructorId);
    document.title = video.title + ' · azkit video training';
    document.getElementById('title').textContent = video.title;
    document.getElementById('byline').textContent = (instructor ? instructor.name : video.instructorId)
      + ' · ' + time(video.durationSeconds) + ' · published ' + video.published;
    document.getElementById('description').textContent = video.description;
    document.getElementById('collateral').replaceChildren(...video.collateral
      .filter((c) => /^https?:\/\//i.test(c.href)) // only web links, whatever the library blob says
      .map((c) => el('li', {}, el('a', { href: c.href, rel: 'noopener' }, c.title))));
    document.getElementById('bar').max = video.durationSeconds;
    document.getElementById('sections').replaceChildren(...video.sections.map((section) => el('li', {},
      el('button', { type: 'button', class: 'secondary jump', onclick: () => jump(section.startSeconds) },
        time(section.startSeconds)),
      el('span', { class: 'grow' }, section.title))));
    const start = Number(param('t'));
    position = Number.isFinite(start) && start > 0 ? Math.min(start, video.durationSeconds) : 0;
    draw();
    document.getElementById('play').addEventListener('click', () => (playing ? pause(true) : play()));
    document.getElementById('queue-add').addEventListener('click', run(async () => {
      await api('POST', '/api/queue', { videoId: video.id });
      say('This video is in your queue.', 'ok');
    }));
    document.getElementById('bookmark').addEventListener('submit', run(async () => {
      const note = document.getElementById('note');
      drawBookmarks(await api('POST', '/api/bookmarks/' + encodeURIComponent(video.id),
        { offset: Math.floor(position), note: note.value }));
      note.value = '';
      say('Bookmarked at ' + time(position) + '.', 'ok');
    }));
    window.addEventListener('pagehide', () => {
      if (playing) {
        // After the pings already queued, and the player stops here: a page restored from the back-forward cache
        // must not resume a clock that ran while nobody watched.
        const offset = Math.floor(position);
        pause(false);
        sending.finally(() => navigator.sendBeacon('/api/watch/' + encodeURIComponent(video.id) + '/stop',
          new Blob([JSON.stringify({ offset })], { type: 'application/json' })));
      }
    });
    drawBookmarks(await api('GET', '/api/bookmarks/' + encodeURIComponent(video.id)));
  });
})();
