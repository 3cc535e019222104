// Review page: vanilla JS, no framework and no external requests. Post text only ever reaches the DOM through
// textContent/createTextNode, so markup in a post is shown as text and never run.
'use strict';

(() => {
  const KEY_STORAGE = 'moderationApi.review.key';
  const BLUR_STORAGE = 'moderationApi.review.blur';
  const FINAL = new Set(['confirmed', 'dismissed']);
  const PAST = { confirm: 'Confirmed', dismiss: 'Dismissed', escalate: 'Escalated' };

  const $ = (id) => document.getElementById(id);
  const state = { key: null, cursor: null, current: null, revealed: false, busy: false, queueLoad: 0, queueLoading: 0, loadingMore: false };

  // ---- evidence segmentation ----

  /**
   * Splits text into consecutive segments at every evidence boundary. Offsets are UTF-16 code units, the same units
   * the API uses and JS strings index by. Each segment lists the indices of all evidence spans covering it, so
   * overlapping spans become several marks that each carry every covering span. Invalid spans are ignored.
   */
  function segments(text, evidence) {
    const length = text.length;
    const spans = [];
    (evidence || []).forEach((e, index) => {
      const start = Number(e.start);
      const end = Number(e.end);
      if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= length && start < end) {
        spans.push({ start, end, index });
      }
    });
    const cuts = new Set([0, length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i];
      const end = points[i + 1];
      const covering = spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.index).sort((a, b) => a - b);
      out.push({ start, end, evidence: covering });
    }
    return out;
  }

  /**
   * Groups evidence that is the same finding for several labels (same source, rule and span), so a rule that supports
   * two labels is described once. Returns groups of { evidence, indices, labels } in first-seen order.
   */
  function groupEvidence(evidence, indices) {
    const groups = new Map();
    for (const index of indices) {
      const e = evidence[index];
      const key = [e.source, e.ruleId, e.start, e.end, e.detail].join('\u0000');
      let group = groups.get(key);
      if (!group) {
        group = { evidence: e, indices: [], labels: [] };
        groups.set(key, group);
      }
      group.indices.push(index);
      if (!group.labels.includes(e.label)) group.labels.push(e.label);
    }
    return [...groups.values()];
  }

  function describeGroup(group) {
    const e = group.evidence;
    const labels = group.labels.join(', ');
    const where = `[${e.start}–${e.end})`;
    switch (e.source) {
      case 'model':
        return `${labels}: model ${e.ruleId} score ${formatScore(e.score)} ${where}`;
      case 'bank':
        return `${labels}: known-content bank, ${e.detail || 'matches a confirmed item'}`;
      case 'allowList':
        return `${labels}: allow list, ${e.detail || 'matches a dismissed item'}`;
      default: {
        const transforms = e.transforms && e.transforms.length ? ` after ${e.transforms.join(', ')}` : '';
        return `${labels}: rule ${e.ruleId}${transforms} ${where}${e.detail ? ` — ${e.detail}` : ''}`;
      }
    }
  }

  function renderPost(container, text, evidence, focusable) {
    container.replaceChildren();
    for (const seg of segments(text, evidence)) {
      const piece = text.slice(seg.start, seg.end);
      if (seg.evidence.length === 0) {
        container.append(document.createTextNode(piece));
        continue;
      }
      const covering = seg.evidence.map((i) => evidence[i]);
      const mark = document.createElement('mark');
      mark.textContent = piece;
      mark.dataset.start = String(seg.start);
      mark.dataset.end = String(seg.end);
      mark.dataset.source = unique(covering.map((e) => e.source)).join(' ');
      mark.dataset.rule = unique(covering.map((e) => e.ruleId)).join(' ');
      mark.dataset.evidence = seg.evidence.join(' ');
      const tip = groupEvidence(evidence, seg.evidence).map(describeGroup).join('\n');
      mark.dataset.tip = tip;
      mark.title = tip;
      // A blurred post is one reveal button; its spans join the tab order once it is revealed.
      if (focusable) mark.tabIndex = 0;
      // A darker mark where spans genuinely overlap (not merely one finding supporting two labels).
      if (new Set(covering.map((e) => `${e.start}-${e.end}`)).size > 1) mark.classList.add('many');
      for (const source of unique(covering.map((e) => e.source))) mark.classList.add(`src-${source}`);
      container.append(mark);
    }
  }

  // ---- helpers ----

  function unique(values) { return [...new Set(values.filter((v) => v !== undefined && v !== null && v !== ''))]; }

  function formatScore(score) { return typeof score === 'number' ? score.toFixed(2) : '–'; }

  function formatTime(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function pill(value) { return el('span', value, `pill ${value}`); }

  let announceTimer = 0;
  function announce(message, kind) {
    const status = $('status');
    // Cleared first so an identical message is announced again by screen readers.
    status.textContent = '';
    status.className = `status ${kind || ''}`.trim();
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(() => { status.textContent = message; }, 30);
  }

  function problemText(response) {
    const body = response.body;
    if (body && body.errors && typeof body.errors === 'object') {
      const parts = Object.entries(body.errors).map(([field, messages]) => `${field}: ${[].concat(messages).join(' ')}`);
      if (parts.length) return parts.join('; ');
    }
    if (body && (body.detail || body.title)) return body.detail || body.title;
    return `The server answered ${response.status}.`;
  }

  async function api(path, init) {
    const headers = { 'X-Api-Key': state.key || '', Accept: 'application/json' };
    const options = { method: 'GET', cache: 'no-store', credentials: 'omit', ...init, headers: { ...headers, ...((init && init.headers) || {}) } };
    let response;
    try {
      response = await fetch(path, options);
    } catch {
      return { ok: false, status: 0, body: { detail: 'The service could not be reached.' } };
    }
    let body = null;
    if ((response.headers.get('Content-Type') || '').includes('json')) {
      body = await response.json().catch(() => null);
    }
    return { ok: response.ok, status: response.status, body };
  }

  // ---- sign-in ----

  async function signIn(key, quiet) {
    state.key = key;
    const me = await api('/v1/review/me');
    if (!me.ok) {
      state.key = null;
      sessionStorage.removeItem(KEY_STORAGE);
      const reason = me.status === 401 ? 'That API key is not recognised.'
        : me.status === 403 ? 'That API key does not have the review scope.'
          : problemText(me);
      announce(`Sign-in failed: ${reason}`, 'error');
      showSignIn();
      $('api-key').focus();
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    $('api-key').value = '';
    $('signin').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    const who = $('whoami');
    who.textContent = `Signed in as ${me.body && me.body.name ? me.body.name : 'reviewer'}`;
    who.hidden = false;
    if (!quiet) announce(`Signed in as ${me.body && me.body.name ? me.body.name : 'reviewer'}.`, 'ok');
    await loadQueue(false);
    // Focus lands on the queue (not a select, where letters pick options) so j opens the first item at once.
    const first = $('queue').querySelector('button');
    (first || $('filter-status')).focus();
  }

  function showSignIn() {
    $('signin').hidden = false;
    $('app').hidden = true;
    $('signout').hidden = true;
    $('whoami').hidden = true;
  }

  function signOut(message) {
    state.key = null;
    state.current = null;
    sessionStorage.removeItem(KEY_STORAGE);
    $('queue').replaceChildren();
    clearItem();
    showSignIn();
    announce(message || 'Signed out.', message ? 'error' : '');
    $('api-key').focus();
  }

  function handleAuthLoss(response) {
    if (response.status === 401) {
      signOut('The API key is no longer accepted; sign in again.');
      return true;
    }
    return false;
  }

  // ---- queue ----

  function queueQuery(cursor) {
    const params = new URLSearchParams();
    for (const [id, name] of [['filter-status', 'status'], ['filter-label', 'label'], ['filter-action', 'action'], ['filter-sort', 'sort']]) {
      const value = $(id).value;
      if (value) params.set(name, value);
    }
    for (const [id, name] of [['filter-from', 'from'], ['filter-to', 'to']]) {
      const value = $(id).value;
      if (value) {
        const date = new Date(value);
        if (!Number.isNaN(date.getTime())) params.set(name, date.toISOString());
      }
    }
    params.set('limit', '50');
    if (cursor) params.set('cursor', cursor);
    return params.toString();
  }

  async function loadQueue(append) {
    // Filters can change while a load is in flight, and answers can arrive out of order: only the latest fresh load
    // (and "more" pages of it) may touch the list, or an older filter's items would replace the newer ones.
    if (append && (!state.cursor || state.loadingMore)) return;
    const ticket = append ? state.queueLoad : ++state.queueLoad;
    const cursor = append ? state.cursor : null;
    if (!append) {
      // The old filter's cursor must not fetch a page onto the new filter's list.
      state.cursor = null;
      $('more').hidden = true;
    }
    const list = $('queue');
    state.queueLoading += 1;
    if (append) state.loadingMore = true;
    list.setAttribute('aria-busy', 'true');
    try {
      const response = await api(`/v1/review/items?${queueQuery(cursor)}`);
      if (ticket !== state.queueLoad) return;
      if (!response.ok) {
        if (!handleAuthLoss(response)) announce(`Could not load the queue: ${problemText(response)}`, 'error');
        return;
      }
      const items = (response.body && response.body.items) || [];
      state.cursor = (response.body && response.body.nextCursor) || null;
      if (!append) list.replaceChildren();
      for (const summary of items) list.append(queueEntry(summary));
      $('queue-empty').hidden = list.children.length > 0;
      $('more').hidden = !state.cursor;
      markCurrentInQueue();
      if (!append) announce(`${list.children.length} item${list.children.length === 1 ? '' : 's'} in the queue${state.cursor ? ' (more available)' : ''}.`);
    } finally {
      if (append) state.loadingMore = false;
      state.queueLoading -= 1;
      // Busy until every load in flight has answered, including answers that are dropped.
      if (state.queueLoading === 0) list.setAttribute('aria-busy', 'false');
    }
  }

  function queueEntry(summary) {
    const li = document.createElement('li');
    li.dataset.itemId = summary.id;
    li.dataset.status = summary.status;
    const button = el('button');
    button.type = 'button';
    const line = el('span', null, 'line1');
    line.append(pill(summary.action), pill(summary.status));
    line.append(el('span', `${summary.topLabel || '–'} ${formatScore(summary.topScore)}`));
    const time = el('time', formatTime(summary.receivedAt));
    if (summary.receivedAt) time.dateTime = summary.receivedAt;
    line.append(time);
    if (summary.occurrences > 1) line.append(el('span', `×${summary.occurrences}`));
    button.append(line, el('span', summary.preview || '', 'preview'));
    button.addEventListener('click', () => openItem(summary.id));
    li.append(button);
    return li;
  }

  function markCurrentInQueue() {
    for (const li of $('queue').children) {
      if (state.current && li.dataset.itemId === state.current.id) li.setAttribute('aria-current', 'true');
      else li.removeAttribute('aria-current');
    }
  }

  function updateQueueEntry(item) {
    for (const li of $('queue').children) {
      if (li.dataset.itemId === item.id) {
        li.dataset.status = item.status;
        const pills = li.querySelectorAll('.pill');
        if (pills[1]) pills[1].replaceWith(pill(item.status));
      }
    }
  }

  async function move(delta) {
    const entries = [...$('queue').children];
    if (entries.length === 0) { announce('The queue is empty.'); return; }
    const index = state.current ? entries.findIndex((li) => li.dataset.itemId === state.current.id) : -1;
    const next = index === -1 ? (delta > 0 ? 0 : entries.length - 1) : index + delta;
    if (next < 0 || next >= entries.length) {
      announce(delta > 0 ? 'This is the last item in the list.' : 'This is the first item in the list.');
      return;
    }
    entries[next].querySelector('button').focus();
    await openItem(entries[next].dataset.itemId);
  }

  // ---- item ----

  function clearItem() {
    state.current = null;
    $('item-body').hidden = true;
    $('item-empty').hidden = false;
  }

  async function openItem(id) {
    const response = await api(`/v1/review/items/${encodeURIComponent(id)}`);
    if (!response.ok) {
      if (!handleAuthLoss(response)) announce(`Could not open ${id}: ${problemText(response)}`, 'error');
      return;
    }
    const sameItem = state.current && state.current.id === id;
    if (!sameItem) {
      state.revealed = false;
      $('note').value = '';
    }
    state.current = response.body;
    renderItem();
    markCurrentInQueue();
  }

  function blurEnabled() { return $('blur-toggle').checked; }

  function renderItem() {
    const item = state.current;
    if (!item) { clearItem(); return; }
    const verdict = item.verdict || {};
    const evidence = verdict.evidence || [];
    $('item-empty').hidden = true;
    $('item-body').hidden = false;
    $('item-heading').textContent = `Item ${item.id}`;

    const meta = $('meta');
    meta.replaceChildren();
    const addMeta = (term, value) => { meta.append(el('dt', term)); const dd = el('dd'); dd.append(value); meta.append(dd); };
    addMeta('Status', pill(item.status));
    addMeta('Action', pill(verdict.action || item.action));
    const received = el('time', formatTime(item.receivedAt));
    if (item.receivedAt) received.dateTime = item.receivedAt;
    addMeta('Received', received);
    addMeta('Via key', el('span', item.apiKey || '–'));
    addMeta('Post id', el('span', item.postId || '–'));
    addMeta('Seen', el('span', `${item.occurrences || 1} time${item.occurrences > 1 ? 's' : ''}`));
    addMeta('Content hash', el('span', item.contentHash || '–', 'mono'));

    renderPostView();

    const list = $('evidence');
    list.replaceChildren();
    if (evidence.length === 0) list.append(el('li', 'No evidence spans.', 'muted'));
    groupEvidence(evidence, evidence.map((_, index) => index)).forEach((group) => {
      const e = group.evidence;
      const li = el('li');
      li.dataset.evidenceIndex = group.indices.join(' ');
      li.append(el('strong', group.labels.join(', ')), document.createTextNode(` · ${e.source} ${e.ruleId}`));
      if (e.source === 'model') li.append(document.createTextNode(` · score ${formatScore(e.score)}`));
      li.append(document.createTextNode(` · [${e.start}–${e.end}) `), el('span', e.text, 'quote'));
      if (e.detail) li.append(document.createTextNode(` — ${e.detail}`));
      if (e.transforms && e.transforms.length) li.append(document.createTextNode(` (${e.transforms.join(', ')})`));
      list.append(li);
    });

    const body = $('scores').tBodies[0];
    body.replaceChildren();
    for (const [label, result] of Object.entries(verdict.labels || {})) {
      const row = el('tr');
      if (result.flagged) row.className = 'flagged';
      const name = el('th', label);
      name.scope = 'row';
      row.append(name, el('td', formatScore(result.score), 'num'), el('td', result.severity || '–'), el('td', result.flagged ? 'yes' : 'no'));
      body.append(row);
    }

    const versions = $('versions');
    versions.replaceChildren();
    versions.append(el('dt', 'Model'), el('dd', verdict.modelVersion || '–', 'mono'), el('dt', 'Rules'), el('dd', verdict.rulesVersion || '–', 'mono'));

    const final = FINAL.has(item.status);
    for (const id of ['confirm', 'dismiss', 'escalate']) $(id).disabled = final;
    $('note').disabled = final;

    const history = $('history');
    history.replaceChildren();
    const entries = item.history || [];
    if (entries.length === 0) history.append(el('li', 'No decisions yet.', 'muted'));
    for (const entry of entries) {
      const li = el('li');
      const at = el('time', formatTime(entry.at));
      if (entry.at) at.dateTime = entry.at;
      li.append(at, document.createTextNode(` — ${entry.reviewer}: ${entry.decision} (${entry.previousStatus} → ${entry.newStatus})`));
      if (entry.note) li.append(document.createTextNode(' — '), el('q', entry.note));
      history.append(li);
    }
  }

  function renderPostView() {
    const item = state.current;
    if (!item) return;
    const post = $('post-text');
    const blurred = blurEnabled() && !state.revealed;
    renderPost(post, item.text || '', (item.verdict && item.verdict.evidence) || [], !blurred);
    post.classList.toggle('blurred', blurred);
    $('reveal').hidden = !blurred;
    if (blurred) {
      post.tabIndex = 0;
      post.setAttribute('role', 'button');
      post.setAttribute('aria-label', 'Blurred post: press Enter or Space to reveal');
    } else {
      post.tabIndex = -1;
      post.removeAttribute('role');
      post.removeAttribute('aria-label');
    }
  }

  function reveal() {
    if (!state.current || state.revealed) return;
    state.revealed = true;
    renderPostView();
    $('post-text').focus();
    announce('Post revealed.');
  }

  async function decide(decision) {
    const item = state.current;
    if (!item) { announce('Open an item first (press j).', 'error'); return; }
    if (state.busy) return;
    if (FINAL.has(item.status)) { announce(`${item.id} is already ${item.status}; that decision is final.`, 'error'); return; }
    state.busy = true;
    try {
      const note = $('note').value.trim();
      const response = await api(`/v1/review/items/${encodeURIComponent(item.id)}/decisions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(note ? { decision, note } : { decision }),
      });
      if (!response.ok) {
        if (!handleAuthLoss(response)) announce(`Could not ${decision} ${item.id}: ${problemText(response)}`, 'error');
        if (response.status === 409) await openItem(item.id);
        return;
      }
      state.current = response.body;
      $('note').value = '';
      renderItem();
      updateQueueEntry(state.current);
      announce(`${PAST[decision]} ${item.id}; status is now ${state.current.status}.`, 'ok');
    } finally {
      state.busy = false;
    }
  }

  // ---- wiring ----

  function isTyping(target) {
    return target instanceof Element && (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]') !== null);
  }

  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || $('app').hidden || isTyping(event.target)) return;
    switch (event.key) {
      case 'c': decide('confirm'); break;
      case 'd': decide('dismiss'); break;
      case 'e': decide('escalate'); break;
      case 'j': move(1); break;
      case 'k': move(-1); break;
      default: return;
    }
    event.preventDefault();
  }

  function applyBlurSetting() {
    const on = blurEnabled();
    $('queue').classList.toggle('blur', on);
    if (on) state.revealed = false;
    renderPostView();
  }

  function init() {
    let blur = false;
    try { blur = localStorage.getItem(BLUR_STORAGE) === 'true'; } catch { blur = false; }
    $('blur-toggle').checked = blur;
    $('queue').classList.toggle('blur', blur);

    $('signin').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) { announce('Enter an API key.', 'error'); $('api-key').focus(); return; }
      signIn(key, false);
    });
    $('signout').addEventListener('click', () => signOut());
    $('blur-toggle').addEventListener('change', () => {
      try { localStorage.setItem(BLUR_STORAGE, String(blurEnabled())); } catch { /* storage may be disabled; the setting then lasts for this page only */ }
      applyBlurSetting();
      announce(blurEnabled() ? 'Posts are blurred until revealed.' : 'Posts are shown unblurred.');
    });
    $('filters').addEventListener('change', () => loadQueue(false));
    $('filters').addEventListener('submit', (event) => { event.preventDefault(); loadQueue(false); });
    $('refresh').addEventListener('click', () => loadQueue(false));
    $('more').addEventListener('click', () => loadQueue(true));
    $('reveal').addEventListener('click', reveal);
    $('post-text').addEventListener('click', () => { if ($('post-text').classList.contains('blurred')) reveal(); });
    $('post-text').addEventListener('keydown', (event) => {
      if ($('post-text').classList.contains('blurred') && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        reveal();
      }
    });
    $('post-text').addEventListener('focusin', (event) => highlightEvidence(event.target, true));
    $('post-text').addEventListener('focusout', (event) => highlightEvidence(event.target, false));
    $('decide').addEventListener('submit', (event) => event.preventDefault());
    for (const decision of ['confirm', 'dismiss', 'escalate']) $(decision).addEventListener('click', () => decide(decision));
    document.addEventListener('keydown', onKey);

    const saved = sessionStorage.getItem(KEY_STORAGE);
    if (saved) signIn(saved, true);
    else $('api-key').focus();
  }

  // Focusing a mark also marks its rows in the evidence list, so the explanation is visible without a mouse.
  function highlightEvidence(target, on) {
    if (!(target instanceof HTMLElement) || target.tagName !== 'MARK') return;
    const indices = (target.dataset.evidence || '').split(' ');
    for (const li of $('evidence').children) {
      const own = (li.dataset.evidenceIndex || '').split(' ');
      li.classList.toggle('active', on && own.some((index) => indices.includes(index)));
    }
  }

  window.ReviewPage = Object.freeze({ segments });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
