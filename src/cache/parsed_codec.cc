#include "cache/parsed_codec.h"

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"
#include "common/json_integer.h"

namespace drydock {
namespace {

using nlohmann::json;

constexpr int kParsedCodecVersion = 1;

// Every field of Package is written: a field added to Package must be added here too, or a warm scan would
// lose it. This assertion fails when Package grows, as a reminder.
static_assert(sizeof(Package) == 11 * sizeof(std::string) + sizeof(std::vector<std::string>) + sizeof(void*),
              "Package changed: update EncodePackage and DecodePackage");

json EncodePackage(const Package& p) {
  return json::array({p.id, p.name, p.version, p.ecosystem, p.source_name, p.source_version, p.arch, p.purl,
                      p.licenses, p.layer_diff_id, p.path, p.dev, p.module});
}

Package DecodePackage(const json& j) {
  return Package{.id = j.at(0).get<std::string>(),
                 .name = j.at(1).get<std::string>(),
                 .version = j.at(2).get<std::string>(),
                 .ecosystem = j.at(3).get<std::string>(),
                 .source_name = j.at(4).get<std::string>(),
                 .source_version = j.at(5).get<std::string>(),
                 .arch = j.at(6).get<std::string>(),
                 // Entries written before `module` existed have 12 fields; only rpm results can hold one, and
                 // the rpm cataloger's version bump already keeps its old entries from being read.
                 .module = j.size() > 12 ? j.at(12).get<std::string>() : "",
                 .purl = j.at(7).get<std::string>(),
                 .licenses = j.at(8).get<std::vector<std::string>>(),
                 .layer_diff_id = j.at(9).get<std::string>(),
                 .path = j.at(10).get<std::string>(),
                 .dev = j.at(11).get<bool>()};
}

}  // namespace

std::string EncodeParsedPackages(const Result<ParsedPackages>& parsed) {
  json j;
  j["v"] = kParsedCodecVersion;
  if (!parsed) {
    j["error"] = parsed.error().message;
  } else {
    json packages = json::array();
    for (const Package& p : parsed->packages) packages.push_back(EncodePackage(p));
    j["packages"] = std::move(packages);
    j["skipped"] = parsed->skipped;
    j["states_dev"] = parsed->states_dev;
    j["owned_files"] = parsed->owned_files;
  }
  std::vector<std::uint8_t> cbor = json::to_cbor(j);
  return std::string(cbor.begin(), cbor.end());
}

Result<Result<ParsedPackages>> DecodeParsedPackages(std::string_view bytes) {
  try {
    auto parsed = ParseBoundedCbor(bytes, "damaged cache entry: parse result");
    if (!parsed) return std::unexpected(parsed.error());
    const json& j = *parsed;
    if (RequireJsonInteger<int>(j.at("v")) != kParsedCodecVersion) return Fail("damaged cache entry: parse result of another version");
    if (j.contains("error")) return Result<ParsedPackages>(std::unexpected(Error{j.at("error").get<std::string>()}));
    ParsedPackages out;
    for (const json& p : j.at("packages")) out.packages.push_back(DecodePackage(p));
    out.skipped = j.at("skipped").get<std::vector<std::string>>();
    out.states_dev = j.at("states_dev").get<bool>();
    out.owned_files = j.at("owned_files").get<std::vector<std::string>>();
    return Result<ParsedPackages>(std::move(out));
  } catch (const json::exception& e) {
    return Fail("damaged cache entry: parse result: {}", e.what());
  }
}

}  // namespace drydock
