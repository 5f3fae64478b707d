// One vectorscan block database for all rules; matches collected per rule, merged, then checked and masked.
#include <hs/hs.h>

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "common/file.h"
#include "common/sha256.h"
#include "secret/rules_database.h"
#include "secret/secret.h"

namespace drydock {
namespace {

struct Hit {
  unsigned rule;
  unsigned long long from, to;
};

struct Collector {
  std::vector<Hit> hits;
};

// Vectorscan's bounded scan: stop collecting (but do not fail) once one file has produced too many hits.
constexpr std::size_t kMaxRawHits = 10'000;

int OnMatch(unsigned id, unsigned long long from, unsigned long long to, unsigned, void* context) {
  auto* collector = static_cast<Collector*>(context);
  collector->hits.push_back({id, from, to});
  return collector->hits.size() >= kMaxRawHits ? 1 : 0;
}

// Per rule, the leftmost-longest match among overlapping ones (vectorscan reports every end offset).
std::vector<Hit> Merge(std::vector<Hit> hits) {
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.rule != b.rule ? a.rule < b.rule : a.from != b.from ? a.from < b.from : a.to > b.to;
  });
  std::vector<Hit> out;
  for (const Hit& h : hits) {
    if (!out.empty() && out.back().rule == h.rule && h.from < out.back().to) {
      out.back().to = std::max(out.back().to, h.to);
      continue;
    }
    out.push_back(h);
  }
  std::sort(out.begin(), out.end(), [](const Hit& a, const Hit& b) { return a.from < b.from; });
  return out;
}

std::string_view AssignedValue(std::string_view match) {
  std::size_t at = match.find_first_of("=:");
  if (at == std::string_view::npos) return match;
  std::size_t start = match.find_first_not_of(" \t\"'", at + 1);
  return start == std::string_view::npos ? std::string_view() : match.substr(start);
}

// The file a compiled database is kept in: named by a digest of every rule and of the vectorscan build, so a
// changed rule or library never loads a stale database.
std::string CompiledRulesFile(const std::string& dir) {
  Sha256 digest;
  std::string_view version = hs_version();
  digest.Update(version.data(), version.size());
  for (const SecretRule& rule : SecretRules()) {
    digest.Update(rule.pattern.data(), rule.pattern.size());
    digest.Update("\n", 1);
  }
  return fmt::format("{}/secret-rules-{}.hsdb", dir, digest.FinishHex().substr(0, 16));
}

void StoreCompiled(const std::string& file, const RulesDatabase& db) {
  auto bytes = SerializeRules(db);
  if (!bytes) return;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
  (void)WriteFileAtomic(file, *bytes);  // best effort: a later scan compiles again
}

}  // namespace

Result<SecretScanner> SecretScanner::Create(const std::string& compiled_cache_dir, BuiltIn built_in) {
  SecretScanner scanner;
  // The build's copy, unless this machine or library cannot run it (then it was built elsewhere).
  if (built_in == BuiltIn::kUse) {
    if (auto db = DeserializeRules(BuiltInRulesBytes())) {
      scanner.db_ = std::move(*db);
      return scanner;
    }
  }
  const std::string cached = compiled_cache_dir.empty() ? "" : CompiledRulesFile(compiled_cache_dir);
  if (!cached.empty()) {
    // Vectorscan checks the serialized form (magic, version, platform, CRC); anything off is a fresh compile.
    if (auto bytes = ReadFileBounded(cached, kMaxCompiledRulesBytes)) {
      if (auto db = DeserializeRules(*bytes)) {
        scanner.db_ = std::move(*db);
        return scanner;
      }
    }
  }
  auto db = CompileSecretRules();
  if (!db) return std::unexpected(db.error());
  if (!cached.empty()) StoreCompiled(cached, *db);
  scanner.db_ = std::move(*db);
  return scanner;
}

Result<SecretScratch> SecretScanner::NewScratch() const {
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(static_cast<hs_database_t*>(db_.get()), &scratch) != HS_SUCCESS) {
    return Fail("vectorscan: cannot allocate scratch space");
  }
  return SecretScratch{std::unique_ptr<void, HsScratchFree>(scratch)};
}

Result<std::vector<SecretMatch>> SecretScanner::Scan(std::string_view bytes, SecretScratch& scratch) const {
  std::vector<SecretMatch> out;
  if (bytes.empty() || LooksBinary(bytes)) return out;
  Collector collector;
  hs_error_t rc = hs_scan(static_cast<hs_database_t*>(db_.get()), bytes.data(), static_cast<unsigned>(bytes.size()),
                          0, static_cast<hs_scratch_t*>(scratch.handle.get()), OnMatch, &collector);
  if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) return Fail("vectorscan scan failed ({})", rc);
  std::size_t line = 1, counted_to = 0;
  for (const Hit& hit : Merge(std::move(collector.hits))) {
    const SecretRule& rule = SecretRules()[hit.rule];
    std::string_view text = bytes.substr(hit.from, hit.to - hit.from);
    if (rule.min_value_entropy > 0 && ShannonEntropy(AssignedValue(text)) < rule.min_value_entropy) continue;
    line += static_cast<std::size_t>(std::count(bytes.begin() + counted_to, bytes.begin() + hit.from, '\n'));
    counted_to = hit.from;
    out.push_back({&rule, line, MaskSecret(text), hit.from, hit.to - hit.from});
    if (out.size() >= kMaxSecretMatchesPerFile) break;
  }
  return out;
}

std::string SecretScanner::Redact(std::string_view text) const {
  std::string out(text);
  auto scratch = NewScratch();
  Result<std::vector<SecretMatch>> found =
      scratch ? Scan(text, *scratch) : Result<std::vector<SecretMatch>>(std::unexpected(scratch.error()));
  if (!found) return std::string(text.size(), '*');  // cannot look: hide it all rather than risk printing a secret
  // Matches of different rules may overlap; starring by position keeps every one covered.
  for (const SecretMatch& m : *found) {
    std::size_t keep = m.masked.find('*');
    if (keep == std::string::npos) continue;
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(m.offset + keep),
              out.begin() + static_cast<std::ptrdiff_t>(m.offset + m.length), '*');
  }
  std::size_t i = 0;
  while (i < out.size()) {
    std::size_t end = out.find_first_of(" \t\n;&|", i);
    if (end == std::string::npos) end = out.size();
    std::string_view token(out.data() + i, end - i);
    std::size_t eq = token.find('=');
    if (eq != std::string_view::npos && eq > 0 && IsSensitiveName(token.substr(0, eq))) {
      std::fill(out.begin() + static_cast<std::ptrdiff_t>(i + eq + 1), out.begin() + static_cast<std::ptrdiff_t>(end),
                '*');
    }
    i = end + 1;
  }
  return out;
}

}  // namespace drydock
