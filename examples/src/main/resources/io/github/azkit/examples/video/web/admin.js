'use strict';
(() => {
  const { api, el, page, run, say, signedIn } = azkit;
  const PAGE_SIZE = 20;

  async function drawPromos() {
    const promos = await api('GET', '/api/admin/promo-codes');
    document.getElementById('promos').replaceChildren(...promos.map((p) => el('tr', { 'data-code': p.code },
      el('td', {}, p.code), el('td', {}, p.freeDays), el('td', {}, p.expires))));
  }

  async function drawAccounts(next) {
    const pageOf = await api('GET', '/api/admin/accounts?pageSize=' + PAGE_SIZE
      + (next ? '&next=' + encodeURIComponent(next) : ''));
    document.getElementById('accounts').replaceChildren(...pageOf.accounts.map((a) => el('tr', { 'data-account': a.id },
      el('td', {}, a.name, el('br'), el('span', { class: 'muted' }, a.id)),
      el('td', {}, a.admins.join(', ')),
      el('td', {}, a.grantCount + ' of ' + a.seats),
      el('td', {}, a.payment.type),
      el('td', { class: 'standing' }, a.standing + (a.standingReason ? ': ' + a.standingReason : '')),
      el('td', {}, el('button', { type: 'button', class: 'secondary bill', onclick: run(async () => {
        const result = await api('POST', '/api/admin/accounts/' + encodeURIComponent(a.id) + '/bill');
        say('Billed ' + a.name + ' for this month: ' + (result.standing === 'GOOD' ? 'in good standing.'
          : result.standing.toLowerCase() + '. ' + result.standingReason), 'ok');
        await drawAccounts(next);
      }) }, 'Bill now')))));
    const nextButton = document.getElementById('next-page');
    nextButton.hidden = !pageOf.next;
    nextButton.onclick = run(() => drawAccounts(pageOf.next));
  }

  /** Splits CSV text into rows of cells (quoted cells may hold commas, quotes and line breaks). */
  function csv(text) {
    const rows = [];
    let row = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') {
          quoted = false;
        } else {
          cell += c;
        }
      } else if (c === '"') {
        quoted = true;
      } else if (c === ',') {
        row.push(cell);
        cell = '';
      } else if (c === '\n') {
        row.push(cell.replace(/\r$/, ''));
        rows.push(row);
        row = [];
        cell = '';
      } else {
        cell += c;
      }
    }
    if (cell || row.length) {
      row.push(cell);
      rows.push(row);
    }
    return rows;
  }

  page(async () => {
    const me = await signedIn();
    if (!me.siteAdmin) {
      throw new Error('Only site administrators can use this page.');
    }
    const expires = new Date(Date.now() + 90 * 86400000);
    document.getElementById('promo-expires').value = expires.toISOString().substring(0, 10);
    document.getElementById('promo').addEventListener('submit', run(async () => {
      const created = await api('POST', '/api/admin/promo-codes', {
        code: document.getElementById('promo-code').value,
        freeDays: Number(document.getElementById('promo-days').value),
        expires: document.getElementById('promo-expires').value,
      });
      say('The promo code ' + created.code + ' gives ' + created.freeDays + ' free days until ' + created.expires
        + '.', 'ok');
      await drawPromos();
    }));
    document.getElementById('first-page').addEventListener('click', run(() => drawAccounts(null)));
    const now = new Date();
    const lastQuarter = Math.floor(now.getUTCMonth() / 3);
    document.getElementById('quarter').value = lastQuarter === 0 ? (now.getUTCFullYear() - 1) + '-Q4'
      : now.getUTCFullYear() + '-Q' + lastQuarter;
    document.getElementById('royalties').addEventListener('submit', run(async () => {
      const quarter = document.getElementById('quarter').value;
      const link = document.getElementById('royalties-link');
      link.hidden = true;
      document.getElementById('report-head').replaceChildren();
      document.getElementById('report').replaceChildren();
      const rows = csv(await api('GET', '/api/admin/royalties/' + encodeURIComponent(quarter)));
      if (rows.length === 0) {
        throw new Error('The report of ' + quarter + ' is empty.');
      }
      const [head, ...body] = rows;
      document.getElementById('report-head').replaceChildren(el('tr', {}, head.map((h) => el('th', {}, h))));
      document.getElementById('report').replaceChildren(...body.map((r) => el('tr', {}, r.map((c) => el('td', {}, c)))));
      link.href = '/api/admin/royalties/' + encodeURIComponent(quarter);
      link.setAttribute('download', 'royalties-' + quarter + '.csv');
      link.hidden = false;
    }));
    await Promise.all([drawPromos(), drawAccounts(null)]);
  });
})();
