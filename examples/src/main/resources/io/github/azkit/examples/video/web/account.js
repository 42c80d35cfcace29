'use strict';
(() => {
  const { api, el, page, param, run, say, signedIn } = azkit;
  const COLOURS = ['#0b5fff', '#e8710a', '#1e8e3e', '#d93025', '#9334e6', '#12b5cb', '#f9ab00', '#5f6368'];
  let id;

  function path(suffix) {
    return '/api/accounts/' + encodeURIComponent(id) + (suffix || '');
  }

  function drawAccount(account) {
    document.getElementById('name').textContent = account.name;
    document.title = account.name + ' · azkit video training';
    const standing = account.standing === 'GOOD' ? 'in good standing'
      : account.standing.toLowerCase() + (account.standingReason ? ': ' + account.standingReason : '');
    document.getElementById('summary').textContent = account.grantCount + ' of ' + account.seats
      + ' seats given · paid by ' + account.payment.type + ' · ' + standing;
    document.getElementById('members-empty').hidden = account.grantCount > 0;
    document.getElementById('members').replaceChildren(...memberRows(account));
  }

  /** One row per grantee of this page of them, and a button for the next page (1,000 a page). */
  function memberRows(account) {
    const rows = account.grantees.map((email) => el('tr',
      { 'data-email': email },
      el('td', {}, email),
      el('td', {},
        el('button', { type: 'button', class: 'secondary resend', onclick: run(async () => {
          await api('POST', path('/seats/' + encodeURIComponent(email) + '/resend'));
          say('The seat link was sent to ' + email + ' again.', 'ok');
        }) }, 'Resend the link'), ' ',
        el('button', { type: 'button', class: 'secondary revoke', onclick: run(async () => {
          drawAccount(await api('DELETE', path('/seats/' + encodeURIComponent(email))));
          say(email + ' no longer has a seat.', 'ok');
          await drawLog();
        }) }, 'Take the seat back'))));
    if (account.granteesNext) {
      const more = el('tr', { class: 'more' }, el('td', { colspan: '2' },
        el('button', { type: 'button', class: 'secondary', onclick: run(async () => {
          const next = await api('GET', path('?after=' + encodeURIComponent(account.granteesNext)));
          more.replaceWith(...memberRows(next));
        }) }, 'Show more members')));
      rows.push(more);
    }
    return rows;
  }

  /** Grouped bars: one group per month, one bar per member, drawn as SVG (no library). */
  function drawUsage(usage) {
    const months = Object.keys(usage);
    const members = [...new Set(months.flatMap((m) => Object.keys(usage[m])))].sort();
    const most = Math.max(1, ...months.flatMap((m) => Object.values(usage[m])));
    const width = 640;
    const height = 220;
    const bottom = 24;
    const group = width / months.length;
    const bar = Math.max(2, Math.min(28, (group - 16) / Math.max(1, members.length)));
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Minutes watched per member per month');
    const add = (name, attributes, text) => {
      const node = document.createElementNS(ns, name);
      for (const [k, v] of Object.entries(attributes)) {
        node.setAttribute(k, String(v));
      }
      if (text !== undefined) {
        node.textContent = text;
      }
      svg.append(node);
      return node;
    };
    months.forEach((month, g) => {
      const left = g * group + (group - bar * members.length) / 2;
      members.forEach((member, i) => {
        const minutes = usage[month][member] || 0;
        const h = (height - bottom - 8) * minutes / most;
        const rect = add('rect', { x: left + i * bar, y: height - bottom - h, width: bar - 2, height: h,
          fill: COLOURS[i % COLOURS.length], class: 'bar', 'data-month': month, 'data-member': member });
        const title = document.createElementNS(ns, 'title');
        title.textContent = member + ', ' + month + ': ' + minutes + ' minutes';
        rect.append(title);
      });
      add('text', { x: g * group + group / 2, y: height - 6, 'text-anchor': 'middle', 'font-size': 12,
        fill: '#5b6474' }, month);
    });
    add('line', { x1: 0, x2: width, y1: height - bottom, y2: height - bottom, stroke: '#d9dee7' });
    document.getElementById('chart').replaceChildren(svg);
    document.getElementById('legend').replaceChildren(...members.map((member, i) => {
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = COLOURS[i % COLOURS.length]; // CSSOM, which the CSP allows (no inline style)
      return el('span', {}, swatch, member);
    }));
    document.getElementById('usage-head').replaceChildren(el('tr', {}, el('th', {}, 'Member'),
      months.map((m) => el('th', {}, m))));
    document.getElementById('usage').replaceChildren(...(members.length ? members.map((member) => el('tr',
      { 'data-member': member }, el('td', {}, member),
      months.map((m) => el('td', { class: 'minutes' }, usage[m][member] || 0))))
      : [el('tr', {}, el('td', { colspan: months.length + 1, class: 'muted' }, 'Nobody has watched yet.'))]));
  }

  async function drawLog() {
    const entries = await api('GET', path('/log'));
    document.getElementById('log').replaceChildren(...(entries.length ? entries.slice().reverse()
      .map((entry) => el('li', {}, entry)) : [el('li', { class: 'muted' }, 'No changes yet.')]));
  }

  page(async () => {
    await signedIn();
    id = param('id');
    if (!id) {
      throw new Error('No account was chosen: use the Account link at the top of the page.');
    }
    drawAccount(await api('GET', path()));
    document.getElementById('grant').addEventListener('submit', run(async () => {
      const email = document.getElementById('grant-email');
      drawAccount(await api('POST', path('/seats'), { email: email.value }));
      say(email.value + ' has a seat, and an email with a link to accept it was sent.', 'ok');
      email.value = '';
      await drawLog();
    }));
    const month = document.getElementById('month');
    month.value = new Date().toISOString().substring(0, 7);
    document.getElementById('transcript').addEventListener('submit', run(async () => {
      const answer = await api('GET', path('/transcript?month=' + encodeURIComponent(month.value)));
      const link = document.getElementById('transcript-link');
      link.href = answer.url;
      link.textContent = 'Download the transcript of ' + answer.month;
      link.hidden = false;
    }));
    drawUsage(await api('GET', path('/usage?months=6')));
    await drawLog();
  });
})();
