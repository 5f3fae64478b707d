// What each panel shows, mapped from its API's answer: the only code that knows the APIs' field names (adjust
// them here, nowhere else). Each mapper is tolerant of absent fields: a row with blanks, never a throw.
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
  // GET /events item: {id, type, digest, repository, generation, severity, created_unix_ms, payload}. The
  // payload depends on the type (src/monitor/findings_diff.cc, src/notify/scan_event.cc, registry watching):
  //   finding.new / finding.resolved / finding.changed: {image, generation, finding: {vulnerability, package,
  //     installed_version, fixed_version, severity, ...}, changes (finding.changed): {field: {from, to}}}
  //   policy.changed: {image, generation, policy, from, to, failed_rules}
  //   image.scanned: {digest, repository, tag, trigger, findings, worst_severity, ...}
  //   tag.mutated: {repository, tag, old_digest, new_digest, source}
  event(raw) {
    const p = isObject(raw.payload) ? raw.payload : isObject(raw.data) ? raw.data : {};
    const image = isObject(p.image) ? p.image : {};
    const f = isObject(p.finding) ? p.finding : {};
    const short = (d) => str(d).replace(/^sha256:/, '').slice(0, 12);
    const type = str(first(raw.type, raw.event, raw.kind));
    const changes = isObject(p.changes) ? Object.entries(p.changes).filter(([, v]) => isObject(v))
      .map(([field, v]) => field + ' ' + str(v.from) + ' → ' + str(v.to)) : [];
    const installed = [f.package, f.installed_version].filter((v) => v !== undefined && v !== null && v !== '');
    let detail;
    if (type === 'policy.changed') {
      detail = [p.policy, str(p.from) + ' → ' + str(p.to),
        asArray(p.failed_rules).length ? 'failed: ' + asArray(p.failed_rules).join(', ') : ''];
    } else if (type === 'tag.mutated') {
      detail = [p.tag !== undefined ? 'tag ' + str(p.tag) : '', short(p.old_digest) + ' → ' + short(p.new_digest),
        p.source];
    } else if (type === 'image.scanned') {
      detail = [p.tag !== undefined && p.tag !== '' ? 'tag ' + str(p.tag) : '',
        p.findings !== undefined ? num(p.findings) + ' findings' : '', p.worst_severity, p.trigger];
    } else {
      detail = [f.vulnerability, installed.map(String).join(' '),
        f.fixed_version ? 'fixed in ' + str(f.fixed_version) : '', ...changes];
    }
    return {
      cursor: str(first(raw.id, raw.cursor)),
      type,
      timeMs: num(raw.created_unix_ms),
      digest: str(first(raw.digest, image.digest, p.digest)),
      repository: str(first(raw.repository, image.repository, p.repository)),
      severity: str(first(raw.severity, f.severity, p.worst_severity)),
      vulnerability: str(f.vulnerability),
      package: str(f.package),
      detail: detail.filter((v) => v !== undefined && v !== null && v !== '').map(String).join('  ·  '),
    };
  },
  // The cursor to ask for what comes after this page of events: the server's next_after.
  eventsCursor(body, events) {
    const last = events.length ? events[events.length - 1].cursor : undefined;
    return isObject(body) ? str(first(body.next_after, last)) : str(last);
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
  // GET /generations item: {id, digest, built_at, first_seen_ms, processed_ms, findings_by_severity}: a DB
  // generation and the stored findings per severity once it was processed (empty before).
  generation(raw) {
    const counts = isObject(raw.findings_by_severity) ? raw.findings_by_severity : {};
    return {
      id: str(raw.id),
      label: str(first(raw.built_at, raw.digest)).slice(0, 16),
      digest: str(raw.digest),
      processed: num(raw.processed_ms) > 0,
      counts: Object.fromEntries(kSeverities.map((s) => [s, num(counts[s])])),
    };
  },
};
