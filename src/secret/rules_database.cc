#include "secret/rules_database.h"

#include <hs/hs.h>

#include <cstdlib>
#include <vector>

namespace drydock {

void HsDatabaseFree::operator()(void* db) const { hs_free_database(static_cast<hs_database_t*>(db)); }
void HsScratchFree::operator()(void* scratch) const { hs_free_scratch(static_cast<hs_scratch_t*>(scratch)); }

Result<RulesDatabase> CompileSecretRules() {
  std::vector<std::string> patterns;
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (std::size_t i = 0; i < SecretRules().size(); ++i) {
    patterns.emplace_back(SecretRules()[i].pattern);
    flags.push_back(HS_FLAG_SOM_LEFTMOST | HS_FLAG_MULTILINE);
    ids.push_back(static_cast<unsigned>(i));
  }
  for (const std::string& p : patterns) expressions.push_back(p.c_str());
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(), static_cast<unsigned>(expressions.size()),
                       HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    std::string message = error != nullptr && error->message != nullptr ? error->message : "unknown error";
    int rule = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    return Fail("compiling secret rule {}: {}", rule >= 0 ? SecretRules()[rule].id : "?", message);
  }
  return RulesDatabase(db);
}

Result<std::string> SerializeRules(const RulesDatabase& db) {
  char* bytes = nullptr;
  std::size_t size = 0;
  if (hs_serialize_database(static_cast<hs_database_t*>(db.get()), &bytes, &size) != HS_SUCCESS) {
    return Fail("vectorscan: cannot serialize the secret rules");
  }
  std::string out(bytes, size);
  std::free(bytes);
  return out;
}

Result<RulesDatabase> DeserializeRules(std::string_view bytes) {
  if (bytes.empty()) return Fail("no compiled secret rules");
  hs_database_t* raw = nullptr;
  if (hs_error_t rc = hs_deserialize_database(bytes.data(), bytes.size(), &raw); rc != HS_SUCCESS) {
    return Fail("compiled secret rules are unusable here (vectorscan error {})", rc);
  }
  RulesDatabase db(raw);
  // Scratch allocation checks the database against this CPU: one built for features it lacks fails here, not
  // in the middle of a scan.
  hs_scratch_t* scratch = nullptr;
  if (hs_error_t rc = hs_alloc_scratch(raw, &scratch); rc != HS_SUCCESS) {
    return Fail("compiled secret rules do not run on this machine (vectorscan error {})", rc);
  }
  hs_free_scratch(scratch);
  return db;
}

}  // namespace drydock
