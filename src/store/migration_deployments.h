// Migration: where each image digest runs. Written by the admission webhook (each admitted workload) and by
// POST /api/v1/deployments (a `kubectl get pods -A -o json` snapshot). No foreign key to images: a digest may
// run before drydock has scanned it, and that is exactly the case to show.
#pragma once

#include <string_view>

namespace drydock {

inline constexpr std::string_view kDeploymentsMigration = R"sql(
CREATE TABLE deployments (
  digest TEXT NOT NULL,
  cluster TEXT NOT NULL,
  namespace TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  image TEXT NOT NULL,
  source TEXT NOT NULL,
  first_seen_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  running INTEGER NOT NULL,
  PRIMARY KEY (digest, cluster, namespace, kind, name)
);
CREATE INDEX deployments_cluster ON deployments(cluster, last_seen_ms);
)sql";

}  // namespace drydock
