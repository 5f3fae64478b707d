// VulnDb::PackageDigests over the mapped FlatBuffers tables (db_reader.cc's MappedDb calls it).
#pragma once

#include <vector>

#include "vulndb/db_generated.h"
#include "vulndb/vulndb.h"

namespace drydock {

std::vector<PackageDigest> DigestPackages(const fb::Db& db);

}  // namespace drydock
