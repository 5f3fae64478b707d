// What each panel shows, mapped from its API's answer: the only code that knows the APIs' field names. Events,
// watches, webhooks and generations come from parts of the server whose shapes may still change: each has one
// small function here, tolerant of absent fields (adjust the names here, nowhere else).
export const kSeverities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
// The HTML report's colours (report/html_parts.h).
export const kSeverityColours = {
  CRITICAL: '#b3001b', HIGH: '#f2600c', MEDIUM: '#f5b800', LOW: '#2f6fdb', UNKNOWN: '#8a8a8a',
};

// The first value that is neither undefined nor null.
export const first = (...values) => values.find((v) => v !== undefined && v !== null);
export const asArray = (v) => (Array.isArray(v) ? v : []);
const str = (v) => (v === undefined || v === null ? '' : String(v));
const num = (...values) => Number(first(...values, 0)) || 0;
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
// A listing's items: {"items": [...]} (this server's form), a bare array, or a named array.
export const itemsOf = (body) => (Array.isArray(body) ? body : !isObject(body) ? [] : asArray(
  first(body.items, body.events, body.watches, body.webhooks, body.generations)));

export const Shape = {
  // GET /images item. policy and running come from other parts of the server; absent (null) means unknown.
  imageRow(raw) {
    const policy = first(raw.policy_verdict, isObject(raw.policy) ? raw.policy.verdict : raw.policy, raw.verdict);
    const deployments = asArray(first(raw.deployments, raw.running_in));
    const where = (d) => (isObject(d) ? [d.cluster, d.namespace, d.name || d.pod].filter(Boolean).join('/') : str(d));
    return {
      digest: str(raw.digest),
      repository: str(raw.repository),
      tags: asArray(raw.tags).map(String),
      os: str(raw.os),
      packages: num(raw.packages),
      total: num(raw.vulnerabilities, raw.findings),
      severities: isObject(raw.severities) ? raw.severities : null,
      policy: policy === undefined ? null : String(policy),
      running: first(raw.running, deployments.length ? true : undefined) ?? null,
      runningWhere: deployments.map(where),
      scannedMs: num(raw.scanned_unix) * 1000,
      base: isObject(raw.base) ? Shape.baseSummary(raw.base) : null,
    };
  },
  // GET /images item's "base": the identified base, whether its tag moved on, the recommended rebuild.
  baseSummary(raw) {
    const r = isObject(raw.recommended) ? raw.recommended : null;
    return {
      name: str(raw.name), tag: str(raw.tag), digest: str(raw.digest), source: str(raw.source),
      advised: raw.advised === true, outdated: raw.outdated === true,
      recommended: r ? { kind: str(r.kind), name: str(r.name), tag: str(r.tag), removes: num(r.removes) } : null,
    };
  },
  // One advice option (GET /images/{digest}/base "options", the JSON report's advice).
  baseOption(raw) {
    const counts = (c) => (isObject(c) ? { total: num(c.total), bySeverity: isObject(c.by_severity) ? c.by_severity : {} }
      : { total: 0, bySeverity: {} });
    return {
      kind: str(raw.kind), name: str(raw.name), tag: str(raw.tag), digest: str(raw.digest),
      created: str(raw.created), error: str(raw.error), os: str(raw.os),
      findings: counts(raw.findings), removed: counts(raw.removed), added: counts(raw.added),
      endOfLife: raw.end_of_life === true, endOfLifeDate: str(raw.end_of_life_date),
      sizeDelta: typeof raw.size_delta_bytes === 'number' ? raw.size_delta_bytes : null,
    };
  },
  // GET /images/{digest}/base: the base as identified (the report's artifact.base_image) and the server's advice.
  imageBase(raw) {
    const base = isObject(raw) && isObject(raw.base) ? raw.base : null;
    const options = asArray(isObject(raw) ? raw.options : []).filter(isObject).map(Shape.baseOption);
    return {
      identified: base !== null,
      name: base ? str(base.name) : '', tag: base ? str(base.tag) : '', digest: base ? str(base.digest) : '',
      source: base ? str(base.source) : '', reason: base ? str(base.reason) : '',
      layers: base ? num(base.layers) : 0,
      advised: isObject(raw) && raw.advised === true, outdated: isObject(raw) && raw.outdated === true,
      currentDigest: isObject(raw) ? str(raw.current_digest) : '',
      options,
      recommended: isObject(raw) && isObject(raw.recommended) ? Shape.baseOption(raw.recommended) : null,
    };
  },
  // One finding of a stored report (the CLI's JSON report schema), with its layer's Dockerfile step.
  finding(raw, layers) {
    const index = layers.findIndex((l) => l.diff_id === raw.layer_diff_id);
    return {
      id: str(raw.id),
      aliases: asArray(raw.aliases).map(String),
      severity: str(raw.severity) || 'UNKNOWN',
      package: str(raw.package_name),
      installed: str(raw.installed_version),
      fixed: str(raw.fixed_version),
      status: str(raw.status),
      title: str(raw.title),
      path: str(raw.path),
      layerDiffId: str(raw.layer_diff_id),
      layerIndex: index,
      step: index >= 0 ? str(layers[index].created_by) : '',
    };
  },
  // GET /vulnerabilities/{id}/affected item.
  affectedRow(raw) {
    return {
      digest: str(raw.digest), repository: str(raw.repository), tags: asArray(raw.tags).map(String),
      id: str(raw.id), package: str(raw.package), installed: str(raw.installed_version),
      fixed: str(raw.fixed_version), severity: str(raw.severity) || 'UNKNOWN',
      step: str(raw.created_by), layerDiffId: str(raw.layer_diff_id), path: str(raw.path),
    };
  },
  // GET /packages?purl= item.
  packageRow(raw) {
    return {
      digest: str(raw.digest), repository: str(raw.repository), tags: asArray(raw.tags).map(String),
      name: str(raw.name), version: str(raw.version), ecosystem: str(raw.ecosystem), purl: str(raw.purl),
      layerDiffId: str(raw.layer_diff_id), path: str(raw.path),
    };
  },
  // GET /events item: finding.new, finding.resolved, finding.changed, policy.changed, tag.mutated, ...; its
  // details either at the top level or under "data".
  event(raw) {
    const data = isObject(raw.data) ? raw.data : raw;
    const image = isObject(data.image) ? data.image : {};
    const from = first(data.from, data.old_verdict, data.old_digest);
    const to = first(data.to, data.new_verdict, data.new_digest);
    const change = from !== undefined || to !== undefined ? str(from) + ' → ' + str(to) : undefined;
    const detail = [first(data.vulnerability, data.advisory), data.package, change, data.severity];
    const seconds = raw.created_unix !== undefined ? raw.created_unix * 1000 : undefined;
    const time = first(raw.created_unix_ms, raw.time_unix_ms, raw.timestamp_ms, seconds,
      Date.parse(raw.time || raw.timestamp || ''));
    return {
      cursor: str(first(raw.cursor, raw.id, raw.seq)),
      type: str(first(raw.type, raw.event, raw.kind)),
      timeMs: Number(time) || 0,
      digest: str(first(data.digest, image.digest)),
      repository: str(first(data.repository, image.repository)),
      detail: detail.filter((v) => v !== undefined && v !== null && v !== '').map(String).join('  ·  '),
    };
  },
  // The cursor to ask for what comes after this page of events.
  eventsCursor(body, events) {
    const last = events.length ? events[events.length - 1].cursor : undefined;
    return isObject(body) ? str(first(body.next_cursor, body.cursor, last)) : str(last);
  },
  // GET /watches item.
  watch(raw) {
    const seconds = raw.interval_seconds !== undefined ? raw.interval_seconds + 's' : undefined;
    return {
      id: str(raw.id), repository: str(raw.repository), tags: str(first(raw.tags, raw.tag_regex)),
      interval: str(first(raw.interval, seconds)),
      lastPollMs: num(raw.last_poll_unix_ms, raw.last_checked_unix_ms),
      state: str(first(raw.state, raw.status, raw.last_error ? 'error' : 'ok')),
      error: str(first(raw.last_error, raw.error)),
    };
  },
  // GET /webhooks item: the endpoint and its delivery state (at the top level or under "delivery"). A secret is
  // never shown, whatever the server sends.
  webhook(raw) {
    const d = isObject(raw.delivery) ? raw.delivery : raw;
    return {
      id: str(raw.id), url: str(raw.url), format: str(first(raw.format, 'json')),
      events: asArray(raw.events).map(String), minSeverity: str(raw.min_severity),
      state: str(first(raw.state, raw.status, raw.disabled ? 'disabled' : 'active')),
      pending: num(d.pending, d.queued), dead: num(d.dead, d.failed), delivered: num(d.delivered, d.succeeded),
      lastStatus: str(first(d.last_status, d.last_http_status)),
      lastMs: num(d.last_attempt_unix_ms, d.last_delivery_unix_ms),
      error: str(d.last_error),
    };
  },
  // GET /generations item: a DB generation and the stored findings per severity under it.
  generation(raw) {
    const counts = first(raw.findings_by_severity, raw.severities, raw.counts,
      isObject(raw.findings) ? raw.findings : undefined, {});
    return {
      label: str(first(raw.built_at, raw.id, raw.digest)).slice(0, 16),
      digest: str(first(raw.digest, raw.content_digest)),
      counts: Object.fromEntries(kSeverities.map((s) => [s, num(counts[s], counts[s.toLowerCase()])])),
    };
  },
};
