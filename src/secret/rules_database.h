// The rule table compiled into one vectorscan database, and its serialized form: shared by the scanner and by the
// build step that compiles the table once and links the result into drydock (builtin_rules.cc).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "drydock/error.h"
#include "secret/secret.h"

namespace drydock {

using RulesDatabase = std::unique_ptr<void, HsDatabaseFree>;

// Compiles SecretRules() (~90 ms; this is what the built-in copy saves).
Result<RulesDatabase> CompileSecretRules();

// The database as bytes for a file or the build (vectorscan's own format: magic, version, platform, CRC).
Result<std::string> SerializeRules(const RulesDatabase& db);

// Bytes from SerializeRules, checked by vectorscan and usable on this machine (a database built for CPU features
// this machine lacks, or by another vectorscan, is an error), or an error.
Result<RulesDatabase> DeserializeRules(std::string_view bytes);

// The database compiled when drydock was built, as SerializeRules wrote it; empty when the build embedded none.
std::string_view BuiltInRulesBytes();

}  // namespace drydock
