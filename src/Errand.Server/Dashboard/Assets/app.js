// Errand dashboard: live updates over the API's Server-Sent Events. The server renders every page; this script only
// (1) shows times in the browser's zone, (2) appends journal events to a task's timeline and log as text, and
// (3) re-reads the page's live regions when something changed. It never builds markup from data: text goes in through
// textContent, and refreshed regions come from the server's own (encoded) HTML.
'use strict';
(() => {
  const body = document.body;
  const stream = body.dataset.stream;
  const status = document.querySelector('[data-live-status]');

  // Times ------------------------------------------------------------------------------------------------------------
  const pad = (n) => String(n).padStart(2, '0');
  const clock = (d) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const relative = (d) => {
    const s = Math.round((Date.now() - d.getTime()) / 1000);
    const future = s < 0;
    const a = Math.abs(s);
    const text = a < 10 ? 'just now' : a < 60 ? `${a}s` : a < 3600 ? `${Math.floor(a / 60)}m` : a < 86400 ? `${Math.floor(a / 3600)}h` : `${Math.floor(a / 86400)}d`;
    return text === 'just now' ? text : future ? `in ${text}` : `${text} ago`;
  };
  const showTimes = (root) => {
    for (const t of root.querySelectorAll('time[datetime]')) {
      const d = new Date(t.getAttribute('datetime'));
      if (Number.isNaN(d.getTime())) continue;
      t.title = `${day(d)} ${clock(d)}`;
      if (t.dataset.relative) t.textContent = relative(d);
      else if (t.dataset.clock) t.textContent = clock(d);
      else t.textContent = day(d) === day(new Date()) ? clock(d) : `${day(d)} ${clock(d)}`;
    }
  };
  showTimes(document);
  setInterval(() => showTimes(document), 30000);

  if (!stream) return;

  // Refreshing live regions ---------------------------------------------------------------------------------------
  let renderedAt = Date.parse(body.dataset.renderedAt || '') || 0;
  let refreshTimer = 0;
  let refreshing = false;
  let again = false;
  const busy = (region) => {
    const active = document.activeElement;
    if (active && active !== body && region.contains(active) && active.matches('input, textarea, select')) return true;
    for (const field of region.querySelectorAll('textarea, input[type=text], input:not([type])')) {
      if (field.value !== field.defaultValue) return true;
    }
    for (const d of region.querySelectorAll('details[open]')) if (d.querySelector('textarea')) return true;
    return false;
  };
  const banner = () => {
    if (document.querySelector('.banner')) return;
    const b = document.createElement('div');
    b.className = 'banner';
    b.setAttribute('role', 'status');
    b.textContent = 'This page has changed.';
    const r = document.createElement('button');
    r.type = 'button';
    r.textContent = 'Refresh';
    r.addEventListener('click', () => location.reload());
    b.append(r);
    body.append(b);
  };
  const refresh = async () => {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      const response = await fetch(body.dataset.liveUrl || location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (response.redirected || !response.ok) { location.reload(); return; }
      const next = new DOMParser().parseFromString(await response.text(), 'text/html');
      renderedAt = Date.parse(next.body.dataset.renderedAt || '') || renderedAt;
      for (const region of document.querySelectorAll('[data-live-region]')) {
        const fresh = next.querySelector(`[data-live-region="${CSS.escape(region.dataset.liveRegion)}"]`);
        if (!fresh) continue;
        if (busy(region)) { banner(); continue; }
        const before = new Map([...region.querySelectorAll('[data-task-id]')].map((r) => [r.dataset.taskId, r.dataset.state]));
        region.replaceWith(document.importNode(fresh, true));
        const placed = document.querySelector(`[data-live-region="${CSS.escape(region.dataset.liveRegion)}"]`);
        for (const row of placed.querySelectorAll('tr[data-task-id]')) {
          if (before.get(row.dataset.taskId) !== row.dataset.state) row.classList.add('flash');
        }
        showTimes(placed);
      }
      const count = next.querySelector('.top nav a[href="/inbox"]');
      const mine = document.querySelector('.top nav a[href="/inbox"]');
      if (count && mine) mine.replaceWith(document.importNode(count, true));
    } catch {
      // The next event tries again.
    } finally {
      refreshing = false;
      if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 250);
  };

  // A task's journal ------------------------------------------------------------------------------------------------
  const timeline = document.querySelector('[data-timeline]');
  const log = document.querySelector('[data-log]');
  const stick = () => log && log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  const timeCell = (at, tag) => {
    const t = document.createElement('time');
    t.setAttribute('datetime', at);
    t.dataset.clock = '1';
    t.className = tag;
    t.textContent = clock(new Date(at));
    return t;
  };
  const appendEvent = (e) => {
    if (e.kind === 'output') {
      if (!log) return;
      const bottom = stick();
      log.querySelector('.empty-log')?.remove();
      const line = document.createElement('div');
      line.className = e.data && e.data.stream === 'stderr' ? 'line stderr' : 'line';
      line.dataset.seq = e.seq;
      const m = document.createElement('span');
      m.className = 'm';
      m.textContent = e.message;
      line.append(timeCell(e.at, 't'), m);
      log.append(line);
      if (bottom) log.scrollTop = log.scrollHeight;
      return;
    }
    if (!timeline) return;
    const li = document.createElement('li');
    li.className = `k-${e.kind}`;
    li.dataset.seq = e.seq;
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = e.kind.replaceAll('_', ' ');
    const msg = document.createElement('span');
    msg.className = 'msg';
    msg.textContent = e.message;
    li.append(timeCell(e.at, ''), kind, msg);
    timeline.append(li);
  };

  // The stream ----------------------------------------------------------------------------------------------------
  const source = new EventSource(stream);
  source.addEventListener('open', () => status && status.classList.add('on'));
  source.addEventListener('error', () => status && status.classList.remove('on'));
  source.addEventListener('task', (m) => {
    const task = JSON.parse(m.data);
    if (Date.parse(task.updated_at) > renderedAt) schedule();
  });
  source.addEventListener('journal', (m) => {
    const e = JSON.parse(m.data);
    if (document.querySelector(`[data-seq="${Number(e.seq)}"]`)) return;
    appendEvent(e);
    if (e.kind === 'state' || e.kind === 'check' || e.kind === 'model_turn') schedule();
  });
  source.addEventListener('end', () => {
    // The task ended: the stream is done (an EventSource would reconnect forever otherwise).
    source.close();
    if (status) status.classList.remove('on');
    schedule();
  });
})();
