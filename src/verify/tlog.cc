#include "verify/tlog.h"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "verify/json_text.h"

#include "verify/encoding.h"

namespace drydock::verify {
namespace {

using nlohmann::json;

std::string Sha256Raw(std::string_view a, std::string_view b = {}, std::string_view c = {}) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx.get(), a.data(), a.size());
  EVP_DigestUpdate(ctx.get(), b.data(), b.size());
  EVP_DigestUpdate(ctx.get(), c.data(), c.size());
  EVP_DigestFinal_ex(ctx.get(), out, &length);
  return std::string(reinterpret_cast<char*>(out), length);
}

// Rekor signs {"body","integratedTime","logID","logIndex"} canonicalized (RFC 8785): keys sorted, no spaces.
// nlohmann's object keeps keys sorted and dumps compactly, which is that form for strings and integers.
Status VerifySet(const TlogEntry& entry, const TransparencyLog& log) {
  json payload = {{"body", Base64Encode(entry.body)},
                  {"integratedTime", entry.integrated_time},
                  {"logID", HexEncode(entry.log_id)},
                  {"logIndex", entry.log_index}};
  if (auto ok = log.key.Verify(payload.dump(), entry.signed_entry_timestamp); !ok) {
    return Rewrap(ok.error(), "signed entry timestamp");
  }
  return {};
}

// A checkpoint is a signed note: "origin\nsize\nbase64(root)\n[extensions]\n\n— name base64(hint||sig)\n".
Status VerifyCheckpoint(const InclusionProof& proof, const TransparencyLog& log) {
  std::size_t split = proof.checkpoint.find("\n\n");
  if (split == std::string::npos) return Fail("checkpoint has no signature block");
  std::string note = proof.checkpoint.substr(0, split + 1);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < note.size();) {
    std::size_t end = note.find('\n', start);
    lines.push_back(note.substr(start, end - start));
    start = end + 1;
  }
  if (lines.size() < 3) return Fail("checkpoint has fewer than 3 lines");
  if (lines[1] != std::to_string(proof.tree_size)) return Fail("checkpoint tree size differs from the proof's");
  auto root = Base64Decode(lines[2]);
  if (!root || *root != proof.root_hash) return Fail("checkpoint root hash differs from the proof's");
  std::string_view signatures = std::string_view(proof.checkpoint).substr(split + 2);
  std::string errors;
  while (!signatures.empty()) {
    std::size_t end = signatures.find('\n');
    std::string_view line = signatures.substr(0, end);
    signatures = end == std::string_view::npos ? std::string_view{} : signatures.substr(end + 1);
    constexpr std::string_view kDash = "\xe2\x80\x94 ";  // U+2014 EM DASH and a space
    if (!line.starts_with(kDash)) continue;
    std::size_t space = line.rfind(' ');
    auto blob = Base64Decode(line.substr(space + 1));
    if (!blob || blob->size() < 5) continue;
    if (blob->substr(0, 4) != log.log_id.substr(0, 4)) continue;  // another witness's signature
    if (log.key.Verify(note, blob->substr(4))) return {};
    errors = "checkpoint signature does not verify under the log's key";
  }
  return Fail("{}", errors.empty() ? "checkpoint carries no signature by the log" : errors);
}

// The public key a Rekor body names: base64 of a PEM certificate or PEM public key, as DER SPKI.
std::string SignerDer(std::string_view base64_pem) {
  auto pem = Base64Decode(base64_pem);
  if (!pem) return "";
  if (pem->find("CERTIFICATE") != std::string::npos) {
    auto certs = Certificate::FromPemChain(*pem);
    if (!certs) return "";
    auto key = certs->front().Key();
    return key ? key->Der() : "";
  }
  auto key = PublicKey::FromPem(*pem);
  return key ? key->Der() : "";
}

std::string Text(const json& node, std::initializer_list<std::string_view> path) {
  const json* at = &node;
  for (std::string_view step : path) {
    if (!at->is_object() || !at->contains(step)) return "";
    at = &(*at)[step];
  }
  return at->is_string() ? at->get<std::string>() : "";
}

}  // namespace

Status VerifyInclusion(std::string_view leaf_hash, std::int64_t index, std::int64_t size,
                       const std::vector<std::string>& path, std::string_view root) {
  if (index < 0 || size <= 0 || index >= size) return Fail("inclusion proof: index {} outside a tree of {}", index, size);
  std::uint64_t fn = static_cast<std::uint64_t>(index), sn = static_cast<std::uint64_t>(size - 1);
  std::string r(leaf_hash);
  for (const std::string& p : path) {
    if (sn == 0) return Fail("inclusion proof is longer than the tree is deep");
    if ((fn & 1) == 1 || fn == sn) {
      r = Sha256Raw(std::string_view("\x01", 1), p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = Sha256Raw(std::string_view("\x01", 1), r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return Fail("inclusion proof is shorter than the tree is deep");
  if (r != root) return Fail("inclusion proof does not lead to the root hash");
  return {};
}

Status VerifyProof(const TlogEntry& entry, const TransparencyLog& log) {
  std::string leaf = Sha256Raw(std::string_view("\x00", 1), entry.body);
  if (auto ok = VerifyInclusion(leaf, entry.proof->log_index, entry.proof->tree_size, entry.proof->hashes,
                                entry.proof->root_hash);
      !ok) {
    return ok;
  }
  if (!entry.proof->checkpoint.empty()) return VerifyCheckpoint(*entry.proof, log);
  if (entry.signed_entry_timestamp.empty()) {
    return Fail("inclusion proof without a checkpoint or a signed entry timestamp proves nothing");
  }
  return {};
}

Result<std::optional<std::time_t>> VerifyTlogEntry(const TlogEntry& entry, const TrustedRoot& root,
                                                   std::optional<std::time_t> trusted_time) {
  const TransparencyLog* log = root.FindLog(entry.log_id);
  if (!log) return Fail("log {} is not in the trusted root", HexEncode(entry.log_id));
  if (entry.signed_entry_timestamp.empty() && !entry.proof) {
    return Fail("entry has neither an inclusion promise nor an inclusion proof");
  }
  std::optional<std::time_t> signed_time;
  if (!entry.signed_entry_timestamp.empty()) {
    if (auto ok = VerifySet(entry, *log); !ok) return std::unexpected(ok.error());
    signed_time = entry.integrated_time;
  }
  if (entry.proof) {
    if (auto ok = VerifyProof(entry, *log); !ok) return std::unexpected(ok.error());
  }
  // The log's key must have been valid when the entry was made. Only a SET signs the integrated time; without
  // one, only a verified timestamp says when, and with neither nothing does (a key signature needs no time).
  std::optional<std::time_t> made_at = signed_time ? signed_time : trusted_time;
  if (made_at && !log->valid_for.Contains(*made_at)) {
    return Fail("log {} key was not valid at {} ({})", HexEncode(entry.log_id), *made_at,
                signed_time ? "the entry's signed integrated time" : "the timestamp's time");
  }
  return signed_time;
}

Status CheckEntryBody(const TlogEntry& entry, std::string_view signature, std::string_view signer_der,
                      std::string_view content_hash_hex) {
  json body = ParseUntrusted(entry.body, kMaxBundleBytes);
  if (!body.is_object()) return Fail("log entry body is not JSON");
  std::string kind = JsonText(body, "kind");
  std::string sig, hash, signer;
  if (kind == "hashedrekord" || kind == "rekord") {  // same paths for what is checked here
    sig = Text(body, {"spec", "signature", "content"});
    signer = Text(body, {"spec", "signature", "publicKey", "content"});
    hash = Text(body, {"spec", "data", "hash", "value"});
  } else if (kind == "dsse") {
    const json& sigs = body["spec"].is_object() ? body["spec"].value("signatures", json::array()) : json::array();
    if (sigs.is_array() && sigs.size() == 1) {
      sig = Text(sigs[0], {"signature"});
      signer = Text(sigs[0], {"verifier"});
    }
    hash = Text(body, {"spec", "payloadHash", "value"});
  } else if (kind == "intoto") {
    const json* envelope = &body;
    for (const char* step : {"spec", "content", "envelope"}) {
      envelope = envelope->is_object() && envelope->contains(step) ? &(*envelope)[step] : nullptr;
      if (!envelope) return Fail("intoto entry has no envelope");
    }
    const json sigs = envelope->value("signatures", json::array());
    if (sigs.is_array() && sigs.size() == 1) {
      auto inner = Base64Decode(Text(sigs[0], {"sig"}));  // intoto v0.0.2 base64-encodes the base64 signature
      sig = inner ? *inner : "";
      signer = Text(sigs[0], {"publicKey"});
    }
    hash = Text(body, {"spec", "content", "payloadHash", "value"});
  } else {
    return Fail("log entry kind \"{}\" is not hashedrekord, rekord, dsse or intoto", kind);
  }
  auto recorded = Base64Decode(sig);
  if (!recorded || *recorded != signature) return Fail("log entry records another signature");
  if (hash != content_hash_hex) return Fail("log entry records another digest ({})", hash);
  if (SignerDer(signer) != signer_der) return Fail("log entry records another signing key");
  return {};
}

}  // namespace drydock::verify
