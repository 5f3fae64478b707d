#include "server/base_advice_record.h"

#include <nlohmann/json.hpp>

#include "common/severity.h"

namespace drydock {
namespace {

using json = nlohmann::json;

json Counts(std::size_t total, const std::map<std::string, std::size_t>& by_severity) {
  return {{"total", total}, {"by_severity", by_severity}};
}

// As the JSON report writes an advice option (src/report/json_report.cc), so both read the same.
json OptionJson(const BaseAdviceOption& o) {
  json option{{"kind", o.kind}, {"name", o.name}, {"tag", o.tag}, {"digest", o.digest}, {"created", o.created}};
  if (!o.error.empty()) {
    option["error"] = o.error;
  } else {
    option["findings"] = Counts(o.findings_total, o.findings);
    option["removed"] = Counts(o.removed_total, o.removed);
    option["added"] = Counts(o.added_total, o.added);
    option["os"] = o.os;
    option["end_of_life"] = o.end_of_life;
    if (!o.end_of_life_date.empty()) option["end_of_life_date"] = o.end_of_life_date;
  }
  option["size_delta_bytes"] = o.size_delta_bytes ? json(*o.size_delta_bytes) : json();
  return option;
}

}  // namespace

std::optional<std::size_t> RecommendedOption(const std::vector<BaseAdviceOption>& options) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < options.size(); ++i) {
    const BaseAdviceOption& o = options[i];
    if (!o.error.empty()) continue;
    if (o.kind == "refresh") return i;  // the same tag, rebuilt: the change nobody has to decide on
    if (o.removed_total > 0 && (!best || o.removed_total > options[*best].removed_total)) best = i;
  }
  return best;
}

std::string AdviceJson(const std::vector<BaseAdviceOption>& options) {
  json list = json::array();
  for (const BaseAdviceOption& o : options) list.push_back(OptionJson(o));
  const auto recommended = RecommendedOption(options);
  return json{{"options", std::move(list)}, {"recommended", recommended ? json(*recommended) : json()}}.dump();
}

NewEvent BaseOutdatedEvent(const std::string& digest, const std::string& repository, const BaseImageInfo& base,
                           const BaseAdviceOption& refresh) {
  std::string worst;
  for (const auto& [severity, count] : refresh.removed) {
    if (count > 0) worst = worst.empty() ? severity : std::string(WorseSeverity(worst, severity));
  }
  const json payload{{"repository", repository},
                     {"base", {{"name", base.name}, {"tag", base.tag}, {"source", base.source}}},
                     {"old_digest", base.digest},
                     {"new_digest", refresh.digest},
                     {"new_created", refresh.created},
                     {"removes", Counts(refresh.removed_total, refresh.removed)},
                     {"adds", Counts(refresh.added_total, refresh.added)},
                     {"rebuild", refresh.name + ":" + refresh.tag + "@" + refresh.digest}};
  return NewEvent{.type = std::string(kEventBaseOutdated),
                  .digest = digest,
                  .repository = repository,
                  .severity = worst,
                  .payload = payload.dump()};
}

}  // namespace drydock
