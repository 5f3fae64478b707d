// The migrations' row rewrites (Migration::backfill): what a schema step cannot do in DDL alone.
#pragma once

#include "drydock/error.h"
#include "store/sql_db.h"

namespace drydock {

// Migration 9: each stored image's artifact_type, read from its report JSON (artifact.type) with the engine's
// own JSON functions.
Status BackfillArtifactTypes(SqlDb& db);

// Migration 10: packages.purl_base as StoredPurlBase computes it now (the PurlKeyOf fold), for rows earlier
// versions keyed by cutting the purl's text, so a query finds old and new rows alike.
Status RekeyPackagePurls(SqlDb& db);

}  // namespace drydock
