// The built-in table of official base repositories `drydock base index add-official` indexes, and the rewrite
// that points it at a mirror or a test registry.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "baseimage/base_index.h"
#include "baseimage/index_registry.h"
#include "drydock/error.h"
#include "drydock/options.h"

namespace drydock::baseimage {

struct OfficialBase {
  std::string_view repository;  // "host/path" as the upstream registry serves it
  std::string_view tags_regex;  // matched whole (ECMAScript); narrow, so the index stays small
};

// The table, in the order it is indexed.
std::span<const OfficialBase> OfficialBases();

// `repository` ("host/path") served by `from` ("HOST[/PREFIX]") instead: the path is kept, docker.io's
// "library/" included, so "docker.io/library/debian" from "mirror:5000/hub" is "mirror:5000/hub/library/debian".
// `from` must start with a registry host (a dot, a port or localhost), carry no scheme, tag or digest.
Result<std::string> RehostRepository(std::string_view repository, std::string_view from);

struct OfficialOutcome {
  std::string repository;  // as indexed (after the rewrite)
  Result<IndexAddResult> added;
};

// Indexes every table entry (rewritten when `from` is not empty); one repository failing does not stop the rest.
Result<std::vector<OfficialOutcome>> AddOfficialBases(BaseIndex& index, std::string_view from,
                                                      const RegistryOptions& options);

}  // namespace drydock::baseimage
