// A Slack incoming-webhook body ({"text", "blocks"}) for one message: one line saying what happened to which
// image, and what to upgrade. Slack ignores the Standard Webhooks headers; Mattermost and others take the same body.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace drydock {

// `data` is the "data" object of the standard body for a message of `type`.
nlohmann::json SlackBody(std::string_view type, const nlohmann::json& data);

}  // namespace drydock
