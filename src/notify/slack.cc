#include "notify/slack.h"

#include <fmt/core.h>

#include <string>

#include "common/severity.h"

namespace drydock {
namespace {

using json = nlohmann::json;

std::string Str(const json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Short(const std::string& digest) { return digest.substr(0, std::min<std::size_t>(digest.size(), 19)); }

std::string Image(const json& data) {
  const std::string tag = Str(data, "tag");
  return Str(data, "repository") + (tag.empty() ? "@" + Short(Str(data, "digest")) : ":" + tag);
}

// "2 CRITICAL, 1 HIGH" from {"HIGH": 1, "CRITICAL": 2}, worst first.
std::string Counts(const json& counts) {
  std::string out;
  for (std::string_view severity : kSeverityOrder) {
    auto it = counts.find(std::string(severity));
    if (it == counts.end() || !it->is_number_integer() || it->get<int>() == 0) continue;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", it->get<int>(), severity);
  }
  return out;
}

std::string Upgrades(const json& data) {
  std::string out;
  auto it = data.find("upgrades");
  if (it == data.end() || !it->is_array()) return out;
  for (const json& u : *it) {
    std::string fixes;
    for (const json& f : u.value("fixed_versions", json::array())) {
      if (f.is_string()) fixes += (fixes.empty() ? "" : " or ") + f.get<std::string>();
    }
    out += fmt::format("\n• `{}` {} → {}", Str(u, "package"), Str(u, "installed_version"), fixes);
  }
  return out.empty() ? out : "\n*Upgrade:*" + out;
}

std::string Text(std::string_view type, const json& data) {
  if (type == "image.summary") {
    const json counts = data.value("counts", json::object());
    std::string text = fmt::format(":rotating_light: *{}* after a DB update:", Image(data));
    const std::string added = Counts(counts.value("new", json::object()));
    if (!added.empty()) text += " new " + added + ";";
    if (counts.value("resolved", 0) > 0) text += fmt::format(" {} resolved;", counts.value("resolved", 0));
    if (counts.value("changed", 0) > 0) text += fmt::format(" {} changed;", counts.value("changed", 0));
    if (data.contains("policy")) text += " policy verdict changed;";
    return text + Upgrades(data);
  }
  if (type == "image.scanned") {
    const std::string counts = Counts(data.value("severity_counts", json::object()));
    return fmt::format(":mag: scanned *{}*: {}{}", Image(data), counts.empty() ? "no vulnerabilities" : counts,
                       Upgrades(data));
  }
  if (type == "tag.mutated") {
    return fmt::format(":warning: tag *{}:{}* now points to `{}` (was `{}`): a moved tag is an integrity signal",
                       Str(data, "repository"), Str(data, "tag"), Short(Str(data, "new_digest")),
                       Short(Str(data, "old_digest")));
  }
  if (type == "base.outdated") {
    const json base = data.value("base", json::object());
    const json removes = data.value("removes", json::object());
    const std::string counts = Counts(removes.value("by_severity", json::object()));
    return fmt::format(":arrows_counterclockwise: *{}* is built on *{}:{}*, which now points to `{}` (was `{}`): "
                       "rebuilding on it removes {} finding{}{}",
                       Image(data), Str(base, "name"), Str(base, "tag"), Short(Str(data, "new_digest")),
                       Short(Str(data, "old_digest")), removes.value("total", 0), removes.value("total", 0) == 1 ? "" : "s",
                       counts.empty() ? "" : " (" + counts + ")");
  }
  if (type == "policy.changed") {
    return fmt::format(":no_entry: *{}*: policy {} verdict {} → {}", Image(data), Str(data, "policy"),
                       Str(data, "from"), Str(data, "to"));
  }
  // One finding event (per_finding): the monitor nests the finding under "finding".
  const json finding = data.contains("finding") && data["finding"].is_object() ? data["finding"] : data;
  const std::string fixed = Str(finding, "fixed_version");
  return fmt::format("*{}* {}: {} {} in `{}` {}{}", type, Image(data), Str(finding, "severity"),
                     Str(finding, "vulnerability").empty() ? Str(finding, "id") : Str(finding, "vulnerability"),
                     Str(finding, "package"), Str(finding, "installed_version"),
                     fixed.empty() ? "" : " (fixed in " + fixed + ")");
}

}  // namespace

json SlackBody(std::string_view type, const json& data) {
  const std::string text = Text(type, data);
  return {{"text", text}, {"blocks", {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", text}}}}}}};
}

}  // namespace drydock
