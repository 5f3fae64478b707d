#include "baseimage/chain_id.h"

#include "common/sha256.h"
#include "source/image_plan.h"

namespace drydock::baseimage {

Result<std::vector<std::string>> ChainIds(const std::vector<std::string>& diff_ids) {
  std::vector<std::string> chain;
  chain.reserve(diff_ids.size());
  for (const std::string& diff_id : diff_ids) {
    if (auto hex = ParseSha256Digest(diff_id); !hex) {
      return FailWith(ErrorCode::kInvalidInput, "layer {}: diff_id is not a sha256 digest: {}", chain.size() + 1,
                      hex.error().message);
    }
    if (chain.empty()) {
      chain.push_back(diff_id);
      continue;
    }
    Sha256 sha;
    const std::string text = chain.back() + " " + diff_id;
    sha.Update(text.data(), text.size());
    chain.push_back("sha256:" + sha.FinishHex());
  }
  return chain;
}

}  // namespace drydock::baseimage
