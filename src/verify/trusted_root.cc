#include "verify/trusted_root.h"

#include <nlohmann/json.hpp>

#include "verify/json_text.h"

#include "verify/encoding.h"

namespace drydock::verify {
namespace {

using nlohmann::json;

Result<ValidityPeriod> ParseValidity(const json& node) {
  ValidityPeriod out;
  if (!node.is_object()) return out;
  if (node.contains("start")) {
    if (!node["start"].is_string()) return Fail("validFor.start is not a string");
    auto start = ParseRfc3339(node["start"].get<std::string>());
    if (!start) return std::unexpected(start.error());
    out.start = *start;
  }
  if (node.contains("end")) {
    if (!node["end"].is_string()) return Fail("validFor.end is not a string");
    auto end = ParseRfc3339(node["end"].get<std::string>());
    if (!end) return std::unexpected(end.error());
    out.end = *end;
  }
  return out;
}

Result<std::string> Bytes(const json& node, std::string_view field) {
  if (!node.is_object() || !node.contains(field) || !node[field].is_string()) return Fail("{} missing", field);
  return Base64Decode(node[field].get<std::string>());
}

Result<CertificateAuthority> ParseAuthority(const json& node) {
  CertificateAuthority ca;
  if (!node.is_object() || !node.contains("certChain") || !node["certChain"].is_object() ||
      !node["certChain"].contains("certificates") || !node["certChain"]["certificates"].is_array()) {
    return Fail("certChain.certificates missing");
  }
  for (const auto& cert : node["certChain"]["certificates"]) {
    auto der = Bytes(cert, "rawBytes");
    if (!der) return std::unexpected(der.error());
    auto parsed = Certificate::FromDer(*der);
    if (!parsed) return std::unexpected(parsed.error());
    ca.chain.push_back(std::move(*parsed));
  }
  if (ca.chain.empty()) return Fail("certChain is empty");
  auto valid = ParseValidity(node.value("validFor", json::object()));
  if (!valid) return std::unexpected(valid.error());
  ca.valid_for = *valid;
  if (node.contains("uri") && node["uri"].is_string()) ca.uri = node["uri"].get<std::string>();
  return ca;
}

Result<TransparencyLog> ParseLog(const json& node) {
  if (!node.is_object() || !node.contains("publicKey")) return Fail("publicKey missing");
  auto der = Bytes(node["publicKey"], "rawBytes");
  if (!der) return Rewrap(der.error(), "publicKey");
  auto key = PublicKey::FromDer(*der);
  if (!key) return Rewrap(key.error(), "publicKey");
  auto id = Bytes(node.value("logId", json::object()), "keyId");
  if (!id) return Rewrap(id.error(), "logId");
  auto valid = ParseValidity(node["publicKey"].value("validFor", json::object()));
  if (!valid) return std::unexpected(valid.error());
  return TransparencyLog{.log_id = *id, .base_url = JsonText(node, "baseUrl"), .key = *key, .valid_for = *valid};
}

}  // namespace

const TransparencyLog* TrustedRoot::FindLog(std::string_view log_id) const {
  for (const auto& log : tlogs) {
    if (log.log_id == log_id) return &log;
  }
  return nullptr;
}

const TransparencyLog* TrustedRoot::FindCtLog(std::string_view log_id) const {
  for (const auto& log : ctlogs) {
    if (log.log_id == log_id) return &log;
  }
  return nullptr;
}

Result<std::time_t> ParseRfc3339(std::string_view text) {
  // Fixed positions, as the grammar has them: sscanf's %d took signs, blanks and short fields, and timegm turned
  // month 13 or day 31 of February into a later time without a word.
  auto number = [&](std::size_t at, std::size_t width, int& out) {
    if (at + width > text.size()) return false;
    out = 0;
    for (char c : text.substr(at, width)) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  auto is = [&](std::size_t at, std::string_view allowed) {
    return at < text.size() && allowed.find(text[at]) != std::string_view::npos;
  };
  int year, month, day, hour, minute, second;
  if (!number(0, 4, year) || !is(4, "-") || !number(5, 2, month) || !is(7, "-") || !number(8, 2, day) ||
      !is(10, "Tt") || !number(11, 2, hour) || !is(13, ":") || !number(14, 2, minute) || !is(16, ":") ||
      !number(17, 2, second)) {
    return Fail("\"{}\" is not an RFC 3339 time", text);
  }
  std::size_t pos = 19;
  if (is(pos, ".")) {
    const std::size_t digits = ++pos;
    while (is(pos, "0123456789")) ++pos;
    if (pos == digits) return Fail("\"{}\": no digits after the decimal point", text);
  }
  long offset_seconds = 0;
  if (is(pos, "Zz")) {
    ++pos;
  } else if (is(pos, "+-")) {
    int oh = 0, om = 0;
    if (!number(pos + 1, 2, oh) || !is(pos + 3, ":") || !number(pos + 4, 2, om) || oh > 23 || om > 59) {
      return Fail("\"{}\": bad offset", text);
    }
    offset_seconds = (text[pos] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
    pos += 6;
  } else {
    return Fail("\"{}\" has no time zone", text);
  }
  if (pos != text.size()) return Fail("\"{}\": text after the time", text);
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || (month == 2 && day == 29 && !leap) ||
      hour > 23 || minute > 59 || second > 60) {  // 60: a leap second
    return Fail("\"{}\": a field is out of range", text);
  }
  struct tm parts {};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return timegm(&parts) - offset_seconds;
}

Result<TrustedRoot> ParseTrustedRoot(std::string_view text) {
  if (text.size() > kMaxTrustedRootBytes) return Fail("trusted root is {} bytes", text.size());
  json doc = ParseUntrusted(text, kMaxTrustedRootBytes);
  if (!doc.is_object()) return Fail("trusted root is not a JSON object");
  std::string media_type = JsonText(doc, "mediaType");
  if (!media_type.starts_with("application/vnd.dev.sigstore.trustedroot")) {
    return Fail("mediaType \"{}\" is not a Sigstore trusted root", media_type);
  }
  TrustedRoot root;
  if (doc.contains("certificateAuthorities") && doc["certificateAuthorities"].is_array()) {
    int index = 0;
    for (const auto& node : doc["certificateAuthorities"]) {
      auto ca = ParseAuthority(node);
      if (!ca) return Rewrap(ca.error(), "certificateAuthorities[{}]", index);
      root.authorities.push_back(std::move(*ca));
      ++index;
    }
  }
  if (doc.contains("timestampAuthorities") && doc["timestampAuthorities"].is_array()) {
    int index = 0;
    for (const auto& node : doc["timestampAuthorities"]) {
      auto tsa = ParseAuthority(node);
      if (!tsa) return Rewrap(tsa.error(), "timestampAuthorities[{}]", index);
      root.timestamp_authorities.push_back(std::move(*tsa));
      ++index;
    }
  }
  for (const auto& [name, logs] : {std::pair{"tlogs", &root.tlogs}, std::pair{"ctlogs", &root.ctlogs}}) {
    if (!doc.contains(name) || !doc[name].is_array()) continue;
    int index = 0;
    for (const auto& node : doc[name]) {
      auto log = ParseLog(node);
      if (!log) return Rewrap(log.error(), "{}[{}]", name, index);
      logs->push_back(std::move(*log));
      ++index;
    }
  }
  return root;
}

}  // namespace drydock::verify
