// What each panel shows, mapped from its API's answer: the only code that knows the APIs' field names. Events,
// watches, webhooks and generations come from parts of the server whose shapes may still change: each has one
// small function here, tolerant of absent fields.
export const kSeverities = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
export const kSeverityColours = { CRITICAL: '#b3001b', HIGH: '#f2600c', MEDIUM: '#f5b800', LOW: '#2f6fdb', UNKNOWN: '#8a8a8a' };

export const first = (...values) => values.find((v) => v !== undefined && v !== null);
export const asArray = (v) => (Array.isArray(v) ? v : []);
export const itemsOf = (body) => (Array.isArray(body) ? body : asArray(first(body && body.items, body && body.events,
  body && body.watches, body && body.webhooks, body && body.generations)));

export const Shape = {
  // GET /images item. policy/running come from other parts of the server; absent means "unknown".
  imageRow(raw) {
    const policy = first(raw.policy_verdict, raw.policy && typeof raw.policy === 'object' ? raw.policy.verdict : raw.policy,
      raw.verdict);
    const deployments = asArray(first(raw.deployments, raw.running_in));
    return {
      digest: String(raw.digest || ''),
      repository: String(raw.repository || ''),
      tags: asArray(raw.tags).map(String),
      os: String(raw.os || ''),
      packages: Number(raw.packages || 0),
      total: Number(first(raw.vulnerabilities, raw.findings, 0)),
      severities: raw.severities && typeof raw.severities === 'object' ? raw.severities : null,
      policy: policy === undefined ? null : String(policy),
      running: first(raw.running, deployments.length ? true : undefined) ?? null,  // null: the server does not say
      runningWhere: deployments.map((d) => (typeof d === 'string' ? d : [d.cluster, d.namespace, d.name || d.pod]
        .filter(Boolean).join('/'))),
      scannedMs: Number(raw.scanned_unix || 0) * 1000,
    };
  },
  // One finding of a stored report (the CLI's JSON report schema), with its layer's Dockerfile step.
  finding(raw, layers) {
    const index = layers.findIndex((l) => l.diff_id === raw.layer_diff_id);
    return {
      id: String(raw.id || ''),
      aliases: asArray(raw.aliases).map(String),
      severity: String(raw.severity || 'UNKNOWN'),
      package: String(raw.package_name || ''),
      installed: String(raw.installed_version || ''),
      fixed: String(raw.fixed_version || ''),
      status: String(raw.status || ''),
      title: String(raw.title || ''),
      path: String(raw.path || ''),
      layerDiffId: String(raw.layer_diff_id || ''),
      layerIndex: index,
      step: index >= 0 ? String(layers[index].created_by || '') : '',
    };
  },
  // GET /vulnerabilities/{id}/affected item.
  affectedRow(raw) {
    return {
      digest: String(raw.digest || ''), repository: String(raw.repository || ''), tags: asArray(raw.tags).map(String),
      id: String(raw.id || ''), package: String(raw.package || ''), installed: String(raw.installed_version || ''),
      fixed: String(raw.fixed_version || ''), severity: String(raw.severity || 'UNKNOWN'),
      step: String(raw.created_by || ''), layerDiffId: String(raw.layer_diff_id || ''), path: String(raw.path || ''),
    };
  },
  // GET /packages?purl= item.
  packageRow(raw) {
    return {
      digest: String(raw.digest || ''), repository: String(raw.repository || ''), tags: asArray(raw.tags).map(String),
      name: String(raw.name || ''), version: String(raw.version || ''), ecosystem: String(raw.ecosystem || ''),
      purl: String(raw.purl || ''), layerDiffId: String(raw.layer_diff_id || ''), path: String(raw.path || ''),
    };
  },
  // GET /events item (helper gen's feed): finding.new, finding.resolved, finding.changed, policy.changed,
  // tag.mutated, ...
  event(raw) {
    const data = raw.data && typeof raw.data === 'object' ? raw.data : raw;
    const image = data.image && typeof data.image === 'object' ? data.image : {};
    const detail = [first(data.vulnerability, data.advisory, data.id !== raw.id ? data.id : undefined),
      data.package, first(data.from, data.old_verdict, data.old_digest) !== undefined ?
        String(first(data.from, data.old_verdict, data.old_digest)) + ' → ' + String(first(data.to, data.new_verdict, data.new_digest, '')) : undefined,
      data.severity].filter((v) => v !== undefined && v !== null && v !== '').map(String);
    return {
      cursor: String(first(raw.cursor, raw.id, raw.seq, '')),
      type: String(first(raw.type, raw.event, raw.kind, '')),
      timeMs: Number(first(raw.created_unix_ms, raw.time_unix_ms, raw.timestamp_ms,
        raw.created_unix !== undefined ? raw.created_unix * 1000 : undefined, Date.parse(raw.time || raw.timestamp || ''), 0)) || 0,
      digest: String(first(data.digest, image.digest, '')),
      repository: String(first(data.repository, image.repository, '')),
      detail: detail.join('  ·  '),
    };
  },
  // The cursor to ask for what comes after this page of events.
  eventsCursor(body, events) {
    return String(first(body && body.next_cursor, body && body.cursor, events.length ? events[events.length - 1].cursor : undefined, ''));
  },
  // GET /watches item (helper notify).
  watch(raw) {
    return {
      id: String(first(raw.id, '')), repository: String(raw.repository || ''), tags: String(first(raw.tags, raw.tag_regex, '')),
      interval: String(first(raw.interval, raw.interval_seconds !== undefined ? raw.interval_seconds + 's' : undefined, '')),
      lastPollMs: Number(first(raw.last_poll_unix_ms, raw.last_checked_unix_ms, 0)) || 0,
      state: String(first(raw.state, raw.status, raw.last_error ? 'error' : 'ok')),
      error: String(first(raw.last_error, raw.error, '')),
    };
  },
  // GET /webhooks item (helper notify): the endpoint and its delivery state. A secret is never shown.
  webhook(raw) {
    const delivery = raw.delivery && typeof raw.delivery === 'object' ? raw.delivery : raw;
    return {
      id: String(first(raw.id, '')), url: String(raw.url || ''), format: String(first(raw.format, 'json')),
      events: asArray(raw.events).map(String), minSeverity: String(first(raw.min_severity, '')),
      state: String(first(raw.state, raw.status, raw.disabled ? 'disabled' : 'active')),
      pending: Number(first(delivery.pending, delivery.queued, 0)) || 0,
      dead: Number(first(delivery.dead, delivery.failed, 0)) || 0,
      delivered: Number(first(delivery.delivered, delivery.succeeded, 0)) || 0,
      lastStatus: String(first(delivery.last_status, delivery.last_http_status, '')),
      lastMs: Number(first(delivery.last_attempt_unix_ms, delivery.last_delivery_unix_ms, 0)) || 0,
      error: String(first(delivery.last_error, '')),
    };
  },
  // GET /generations item (helper gen): a DB generation and the stored findings per severity under it.
  generation(raw) {
    const counts = first(raw.findings_by_severity, raw.severities, raw.counts,
      raw.findings && typeof raw.findings === 'object' ? raw.findings : undefined, {});
    return {
      label: String(first(raw.built_at, raw.id, raw.digest, '')).slice(0, 16),
      digest: String(first(raw.digest, raw.content_digest, '')),
      counts: Object.fromEntries(kSeverities.map((s) => [s, Number(counts[s] || counts[s.toLowerCase()] || 0)])),
    };
  },
};
