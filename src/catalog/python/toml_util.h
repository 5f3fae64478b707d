// TOML helpers the Python lockfile parsers share (private to catalog/python).
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string_view>

#include "catalog/catalog.h"

namespace drydock {

// Parses `bytes` (at most kMaxPythonLockBytes); errors name `what` ("uv.lock") and the line.
Result<toml::table> ParseToml(std::string_view bytes, std::string_view what);

// doc[key] as an array (nullptr when absent), or an Error when it is there but is not an array.
Result<const toml::array*> Entries(const toml::table& doc, std::string_view key, std::string_view what);

// A pypi Package from an entry's name (PEP 503) and version, or nullopt with a `skipped` line for entry
// `index`.
std::optional<Package> NameVersion(const toml::node& node, std::string_view key, std::size_t index,
                                   ParsedPackages& out);

}  // namespace drydock
