// Live outcomes: server-sent events from /live/outcomes (fed by the whatmoved.outcomes topic) shown without a reload.
const pct = (value) => (value == null ? '' : ` ${value >= 0 ? '+' : ''}${Number(value).toFixed(1)} %`);

function show(outcome) {
  const list = document.getElementById('live-list');
  const empty = document.getElementById('live-empty');
  if (!list) {
    return;
  }
  if (empty) {
    empty.hidden = true;
  }
  const item = document.createElement('li');
  item.className = `live-outcome v-${outcome.verdict}`;
  item.dataset.releaseId = outcome.releaseId ?? '';
  item.dataset.featureKey = outcome.featureKey ?? '';
  const feature = document.createElement('a');
  feature.href = `/features/${encodeURIComponent(outcome.featureKey ?? '')}`;
  feature.textContent = outcome.featureKey ?? 'a feature';
  const metric = document.createElement('a');
  metric.href = `/metrics/${encodeURIComponent(outcome.metric ?? '')}`;
  metric.textContent = outcome.metric ?? '';
  const release = document.createElement('a');
  release.href = `/releases/${encodeURIComponent(outcome.releaseId ?? '')}`;
  release.textContent = `${outcome.checkpointDays} d`;
  const verdict = document.createElement('span');
  verdict.className = `verdict v-${outcome.verdict}`;
  verdict.textContent = outcome.verdict;
  item.append(verdict, ' ', feature, ' on ', metric, pct(outcome.relEffectPct), ' at ', release);
  list.prepend(item);
  while (list.children.length > 30) {
    list.lastElementChild.remove();
  }
}

function connect() {
  const state = document.getElementById('live-state');
  const source = new EventSource('/live/outcomes');
  source.onopen = () => {
    if (state) {
      state.textContent = 'live';
      state.className = 'live-state on';
    }
  };
  source.onerror = () => {
    if (state) {
      state.textContent = 'live: reconnecting…';
      state.className = 'live-state off';
    }
  };
  source.onmessage = (event) => show(JSON.parse(event.data));
  // A browser allows few connections per host over HTTP/1.1: give the stream back as soon as the page goes away.
  window.addEventListener('pagehide', () => source.close());
}

document.addEventListener('DOMContentLoaded', connect);
