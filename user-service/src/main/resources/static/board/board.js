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
		card.append(historyStrip(history));
		return card;
	}

	function render(snapshot) {
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

	document.addEventListener('DOMContentLoaded', openEvents);
})();
