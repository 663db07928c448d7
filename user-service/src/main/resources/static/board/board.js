// The reachability board: renders the snapshots the user service pushes over server-sent events.
// Every string from the server is written with textContent (the CSP also requires Trusted Types), so a hostile
// error message from a peer can never become markup.
'use strict';

(() => {
	const OUTCOMES = {
		// Glyphs that common system fonts (DejaVu, Noto) carry, so no tile shows an empty box.
		OK: { glyph: '\u2713', words: 'reachable' },
		HTTP_ERROR: { glyph: '!', words: 'reached, error status' },
		TIMEOUT: { glyph: '\u25F7', words: 'no answer: packets dropped?' },
		REFUSED: { glyph: '\u2715', words: 'host reached, nothing listening' },
		DNS_FAILURE: { glyph: '?', words: 'name not resolved' },
		TLS_ERROR: { glyph: '\u26A0', words: 'TLS handshake failed' },
		ERROR: { glyph: '\u203C', words: 'failed' },
	};
	const UNKNOWN_OUTCOME = { glyph: '\u2026', words: 'unknown outcome' };
	const EVENTS_URL = 'board/events';
	const SNAPSHOT_URL = 'board/snapshot';
	// Polling is the fallback when server-sent events cannot get through (a proxy that buffers, a closed stream).
	const POLL_MS = 2000;
	const FETCH_TIMEOUT_MS = 5000;
	// While polling, try the event stream again now and then: the cause may have been transient.
	const RETRY_EVENTS_MS = 30000;
	// Without a snapshot for this long the stream is presumed stuck, even if the browser still holds it open.
	const STALE_MS = 10000;

	let events = null;
	let pollTimer = null;
	let retryTimer = null;
	let watchdog = null;
	let lastSnapshotAt = 0;
	let intervalMs = POLL_MS;
	// The last "what if" answer, by target: kept across rounds, since every round redraws the tiles.
	let whatIf = null;
	let lastSnapshot = null;
	const PREVIEW_URL = 'check/preview';

	const byId = (id) => document.getElementById(id);

	function el(tag, className, text) {
		const node = document.createElement(tag);
		if (className) {
			node.className = className;
		}
		if (text !== undefined && text !== null) {
			node.textContent = String(text);
		}
		return node;
	}

	function outcomeInfo(outcome) {
		return OUTCOMES[outcome] || UNKNOWN_OUTCOME;
	}

	function formatTime(iso) {
		const date = new Date(iso);
		return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour12: false });
	}

	function formatAgo(iso, now) {
		const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
		if (seconds < 90) {
			return seconds + ' s ago';
		}
		const minutes = Math.round(seconds / 60);
		return minutes < 90 ? minutes + ' min ago' : Math.round(minutes / 60) + ' h ago';
	}

	function describeSource(source) {
		if (!source) {
			return 'unknown';
		}
		const pod = source.podName || source.pod;
		if (pod) {
			const namespace = source.namespace ? ' in namespace ' + source.namespace : '';
			const ip = source.podIp ? ' (' + source.podIp + ')' : '';
			return 'pod ' + pod + namespace + ip;
		}
		return 'local run' + (source.hostname ? ' on ' + source.hostname : '');
	}

	function describePolicies(policies) {
		if (!policies || !policies.known) {
			return 'not known' + (policies && policies.reason ? ': ' + policies.reason : '');
		}
		if (!policies.names || policies.names.length === 0) {
			return 'none: the user pods are not isolated';
		}
		return policies.names.join(', ');
	}

	function historyStrip(history) {
		const strip = el('ol', 'history');
		strip.setAttribute('aria-label', 'Outcomes of the last minute, oldest first');
		for (const entry of (history && history.entries) || []) {
			const cell = el('li', 'cell', outcomeInfo(entry.outcome).glyph);
			cell.dataset.outcome = entry.outcome;
			cell.title = formatTime(entry.at) + ' ' + entry.outcome;
			strip.append(cell);
		}
		return strip;
	}

	function fact(list, label, value) {
		if (value === undefined || value === null || value === '') {
			return;
		}
		const pair = el('div');
		pair.append(el('dt', null, label), el('dd', null, value));
		list.append(pair);
	}

	function expectation(result) {
		const box = el('div', 'expectation');
		const agreement = result.agreement || 'UNKNOWN';
		box.dataset.agreement = agreement;
		if (!result.expected || result.expected === 'UNKNOWN') {
			// The reason is usually the same for every tile (no cluster, no permission): one quiet line.
			box.append(el('span', 'expected', 'No policy expectation' + (result.policy ? ': ' + result.policy : '')));
			return box;
		}
		box.append(el('span', 'expected', 'Policy expects ' + result.expected));
		box.append(el('span', 'agreement', agreement === 'MISMATCH' ? '\u26A0 MISMATCH'
			: agreement === 'MATCH' ? '\u2713 MATCH' : agreement));
		if (result.policy) {
			box.append(el('p', 'policy', result.policy));
		}
		return box;
	}

	function tile(result, history, now) {
		const info = outcomeInfo(result.outcome);
		const card = el('article', 'tile');
		card.dataset.target = result.target;
		card.dataset.outcome = result.outcome;
		if (result.agreement === 'MISMATCH') {
			card.classList.add('mismatch');
		}
		const head = el('header', 'tile-head');
		head.append(el('h3', 'target', result.target));
		const badge = el('p', 'outcome');
		badge.append(el('span', 'glyph', info.glyph), el('span', 'word', result.outcome));
		head.append(badge);
		card.append(head);
		card.append(el('p', 'meaning', info.words));
		card.append(el('p', 'url', (result.kind === 'tcp' ? 'TCP connect ' : 'GET ') + (result.url || '')));
		const facts = el('dl', 'tile-facts');
		fact(facts, 'Status', result.status);
		fact(facts, 'Latency', result.latencyMs !== undefined && result.latencyMs !== null ? result.latencyMs + ' ms' : null);
		fact(facts, 'Address', result.address);
		if (history && history.lastChangedAt) {
			fact(facts, 'Since', formatTime(history.lastChangedAt) + ' (' + formatAgo(history.lastChangedAt, now) + ')');
		}
		card.append(facts);
		if (result.hint) {
			card.append(el('p', 'hint', result.hint));
		}
		if (result.detail) {
			card.append(el('p', 'detail', result.detail));
		}
		card.append(expectation(result));
		const change = whatIf && whatIf[result.target];
		if (change) {
			card.classList.toggle('would-change', change.changes);
			card.append(el('p', 'what-if-note', change.changes
				? 'What if: ' + change.today.expected + ' \u2192 ' + change.withChange.expected + ': ' + change.withChange.policy
				: 'What if: unchanged (' + change.withChange.expected + ')'));
		}
		card.append(historyStrip(history));
		return card;
	}

	function render(snapshot) {
		lastSnapshot = snapshot;
		lastSnapshotAt = Date.now();
		if (snapshot.intervalMs) {
			intervalMs = snapshot.intervalMs;
		}
		const report = snapshot.report;
		byId('policies').textContent = describePolicies(snapshot.selectingPolicies);
		if (!report) {
			byId('round').textContent = 'the first round is running\u2026';
			return;
		}
		byId('source').textContent = describeSource(report.source);
		byId('round').textContent = formatTime(report.startedAt) + ', took ' + report.durationMs + ' ms';
		// Inferred by the service from this round: traffic the policies deny got through.
		const warning = report.summary && report.summary.warning;
		byId('enforcement').hidden = !warning;
		byId('enforcement').textContent = warning || '';
		const now = Date.now();
		const history = snapshot.history || {};
		for (const section of document.querySelectorAll('section.group')) {
			const results = (report.results || []).filter((r) => r.group === section.dataset.group);
			section.hidden = results.length === 0;
			section.querySelector('.tiles').replaceChildren(...results.map((r) => tile(r, history[r.target], now)));
		}
	}

	function setLink(state, text) {
		const link = byId('link');
		link.dataset.state = state;
		link.textContent = text;
		// Dims the tiles while they show what was true when the service was last reached.
		document.body.dataset.link = state;
	}

	async function poll() {
		const controller = new AbortController();
		const timeout = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
		try {
			const response = await fetch(SNAPSHOT_URL, { signal: controller.signal, cache: 'no-store',
				headers: { Accept: 'application/json' } });
			if (!response.ok) {
				throw new Error('HTTP ' + response.status);
			}
			render(await response.json());
			setLink('polling', 'polling every ' + Math.round(intervalMs / 1000) + ' s');
		}
		catch (error) {
			setLink('down', 'cannot reach the user service (' + error.message + '), retrying');
		}
		finally {
			clearTimeout(timeout);
			if (pollTimer !== null) {
				pollTimer = setTimeout(poll, intervalMs);
			}
		}
	}

	function startPolling() {
		closeEvents();
		if (pollTimer === null) {
			pollTimer = setTimeout(poll, 0);
		}
		if (retryTimer === null) {
			retryTimer = setTimeout(() => {
				retryTimer = null;
				openEvents();
			}, RETRY_EVENTS_MS);
		}
	}

	function stopPolling() {
		clearTimeout(pollTimer);
		pollTimer = null;
	}

	function closeEvents() {
		if (events) {
			events.close();
			events = null;
		}
		clearInterval(watchdog);
		watchdog = null;
	}

	function openEvents() {
		if (!window.EventSource) {
			startPolling();
			return;
		}
		closeEvents();
		const source = new EventSource(EVENTS_URL);
		events = source;
		const opened = Date.now();
		source.addEventListener('snapshot', (event) => {
			stopPolling();
			render(JSON.parse(event.data));
			setLink('live', 'live');
		});
		source.addEventListener('error', () => {
			if (source.readyState === EventSource.CLOSED) {
				// The server refused the stream (too many subscribers, or an error status): poll instead.
				startPolling();
			}
			else {
				setLink('connecting', 'reconnecting\u2026');
			}
		});
		watchdog = setInterval(() => {
			const last = Math.max(lastSnapshotAt, opened);
			if (Date.now() - last > Math.max(STALE_MS, 3 * intervalMs)) {
				startPolling();
			}
		}, 1000);
	}

	async function fetchJson(url, options) {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
		try {
			const response = await fetch(url, { ...options, signal: controller.signal, cache: 'no-store' });
			const body = await response.json().catch(() => ({}));
			return { ok: response.ok, status: response.status, body };
		}
		finally {
			clearTimeout(timer);
		}
	}

	function showWhatIf(answer) {
		whatIf = {};
		for (const target of answer.targets || []) {
			whatIf[target.target] = target;
		}
		const changed = answer.changed || [];
		byId('what-if-status').textContent = (changed.length === 0 ? 'No target would change'
			: changed.length + ' target' + (changed.length === 1 ? '' : 's') + ' would change: ' + changed.join(', '))
			+ ' (' + answer.mode + ' ' + (answer.policies || []).join(', ') + ')';
		const items = [];
		for (const warning of answer.warnings || []) {
			items.push(el('li', 'what-if-warning', warning));
		}
		for (const target of answer.targets || []) {
			if (target.changes) {
				items.push(el('li', 'what-if-change', target.target + ': ' + target.today.expected + ' \u2192 '
					+ target.withChange.expected + ' (' + target.withChange.policy + ')'));
			}
		}
		byId('what-if-results').replaceChildren(...items);
		if (lastSnapshot) {
			render(lastSnapshot);
		}
	}

	function clearWhatIf() {
		whatIf = null;
		byId('what-if-status').textContent = '';
		byId('what-if-results').replaceChildren();
		if (lastSnapshot) {
			render(lastSnapshot);
		}
	}

	async function runWhatIf() {
		const yaml = byId('what-if-yaml').value;
		byId('what-if-status').textContent = 'Asking the evaluator\u2026';
		try {
			const answer = await fetchJson(PREVIEW_URL + '?mode=' + encodeURIComponent(byId('what-if-mode').value), {
				method: 'POST', headers: { 'Content-Type': 'application/yaml' }, body: yaml,
			});
			if (!answer.ok) {
				clearWhatIf();
				byId('what-if-status').textContent = 'HTTP ' + answer.status + ': ' + (answer.body.error || 'no answer');
				return;
			}
			showWhatIf(answer.body);
		}
		catch (error) {
			byId('what-if-status').textContent = 'No answer from the service: ' + error.message;
		}
	}

	async function loadScenario() {
		const path = byId('what-if-scenario').value;
		if (!path) {
			return;
		}
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
		try {
			const response = await fetch(path, { signal: controller.signal });
			byId('what-if-yaml').value = await response.text();
		}
		finally {
			clearTimeout(timer);
		}
	}

	async function setUpWhatIf() {
		byId('what-if-run').addEventListener('click', runWhatIf);
		byId('what-if-clear').addEventListener('click', clearWhatIf);
		byId('what-if-scenario').addEventListener('change', loadScenario);
		try {
			const list = await fetchJson(PREVIEW_URL);
			for (const path of (list.body && list.body.scenarios) || []) {
				const option = el('option', null, path.replace(/^.*\//, '').replace(/\.yaml$/, ''));
				option.value = path;
				byId('what-if-scenario').append(option);
			}
		}
		catch (error) {
			byId('what-if-status').textContent = 'The scenario list did not load: ' + error.message;
		}
	}

	document.addEventListener('DOMContentLoaded', openEvents);
	document.addEventListener('DOMContentLoaded', setUpWhatIf);
})();
