// Secret scanning: a fixed table of rules compiled once into one vectorscan (Hyperscan API) database, so every
// pattern runs over a file in a single pass. Pure: bytes in, masked matches out; callers name the file and layer.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock {

struct SecretRule {
  std::string_view id;        // "aws-access-key-id"
  std::string_view category;  // "AWS", "GitHub", ...
  std::string_view severity;  // CRITICAL, HIGH, MEDIUM, LOW
  std::string_view title;
  std::string_view pattern;   // vectorscan syntax; compiled with HS_FLAG_SOM_LEFTMOST
  double min_value_entropy = 0;  // bits per char the assigned value must reach (generic rules); 0 = no check
};

std::span<const SecretRule> SecretRules();

struct SecretMatch {
  const SecretRule* rule = nullptr;
  std::size_t line = 0;  // 1-based
  std::string masked;    // the match with the secret part replaced by '*'
  std::size_t offset = 0, length = 0;  // where the match lies in the scanned bytes
};

inline constexpr std::size_t kBinarySniffBytes = 8000;  // a NUL in these marks a binary file
inline constexpr std::size_t kMaxSecretMatchesPerFile = 100;
inline constexpr std::size_t kMaxCompiledRulesBytes = 64 << 20;

// Shannon entropy of `text` in bits per character.
double ShannonEntropy(std::string_view text);
// "AKIAIOSFODNN7EXAMPLE" -> "AKIA****************"; for "name=value" only the value is masked.
std::string MaskSecret(std::string_view match);
// Paths that are known to hold example keys or are never configuration (docs, man pages, certificates, dpkg md5sums).
bool IsNoisySecretPath(std::string_view path);
bool LooksBinary(std::string_view bytes);
// True for env/argument names that conventionally carry a secret (DB_PASSWORD, API_TOKEN, AWS_SECRET_ACCESS_KEY).
bool IsSensitiveName(std::string_view name);

struct HsDatabaseFree {
  void operator()(void* db) const;
};
struct HsScratchFree {
  void operator()(void* scratch) const;
};

// Per-thread working memory for Scan; make one per thread with SecretScanner::NewScratch.
struct SecretScratch {
  std::unique_ptr<void, HsScratchFree> handle;
};

// Immutable once built; Scan may be called from several threads at once, each with its own scratch.
class SecretScanner {
 public:
  // Where the compiled rule table comes from: the copy compiled when drydock was built (kUse, unless this
  // machine cannot run it), else `compiled_cache_dir` when it holds a file for exactly these rules and this
  // vectorscan, else a compile (~90 ms), written to `compiled_cache_dir` when given.
  enum class BuiltIn { kUse, kIgnore };
  static Result<SecretScanner> Create(const std::string& compiled_cache_dir = "", BuiltIn built_in = BuiltIn::kUse);
  Result<SecretScratch> NewScratch() const;
  // Every rule's matches in `bytes`, overlapping matches of one rule merged, at most kMaxSecretMatchesPerFile.
  // Binary input yields nothing. Text is scanned as is; the caller decides what is noisy.
  Result<std::vector<SecretMatch>> Scan(std::string_view bytes, SecretScratch& scratch) const;
  // `text` (a history command, a label) with every rule's match masked and every sensitive `NAME=value`
  // assignment's value starred, so it can be printed in a report. Needs no scratch of the caller's.
  std::string Redact(std::string_view text) const;

 private:
  std::unique_ptr<void, HsDatabaseFree> db_;
};

}  // namespace drydock
