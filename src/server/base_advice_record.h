// What the base refresh writes about one image, made from the advice options (pure): the advice JSON the API
// and the dashboard show, and the base.outdated event.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "drydock/report.h"
#include "store/store.h"

namespace drydock {

// The option to rebuild on: "refresh" when the base's tag moved (and its new digest could be scanned), else
// the option removing the most findings (ties: the earlier one), else none (nothing removes a finding).
std::optional<std::size_t> RecommendedOption(const std::vector<BaseAdviceOption>& options);

// {"options": [each option as the JSON report writes it], "recommended": N|null}.
std::string AdviceJson(const std::vector<BaseAdviceOption>& options);

// The base.outdated event of an image built on `base` whose tag now names `refresh.digest`. Payload:
// {repository, base: {name, tag, source}, old_digest, new_digest, new_created, removes: {total,
// by_severity}, adds: {total, by_severity}, rebuild: "name:tag@digest"}; the severity is the worst one the
// rebuild removes ("" when it removes none).
NewEvent BaseOutdatedEvent(const std::string& digest, const std::string& repository, const BaseImageInfo& base,
                           const BaseAdviceOption& refresh);

}  // namespace drydock
