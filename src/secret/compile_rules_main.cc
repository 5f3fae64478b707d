// Build step: compiles the secret rule table and writes the serialized database to argv[1], which
// builtin_rules.cc then links into drydock, so no scan spends ~90 ms compiling the same table. argv[2] gets a
// header naming the database's sha256: builtin_rules.cc includes it, so a compiler cache (which does not read
// .incbin files) sees a different source whenever the database changes.
#include <cstdio>
#include <fstream>

#include "common/sha256.h"
#include "secret/rules_database.h"

namespace {

bool Write(const char* path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) std::fprintf(stderr, "%s: cannot write\n", path);
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DATABASE DIGEST_HEADER\n", argv[0]);
    return 2;
  }
  auto db = drydock::CompileSecretRules();
  auto bytes = db ? drydock::SerializeRules(*db) : drydock::Result<std::string>(std::unexpected(db.error()));
  if (!bytes) {
    std::fprintf(stderr, "%s\n", bytes.error().message.c_str());
    return 1;
  }
  const std::string header = "#define DRYDOCK_SECRET_RULES_SHA256 \"" + drydock::Sha256::HexOf(*bytes) + "\"\n";
  return Write(argv[1], *bytes) && Write(argv[2], header) ? 0 : 1;
}
