// GET /api/v1/events (the outbox, for pull-based consumers) and GET /api/v1/generations (the DB generations
// with their finding counts, for charts). Both need the read scope (the API's auth hook).
#include <nlohmann/json.hpp>

#include <charconv>

#include "server/api.h"
#include "server/http_util.h"

namespace drydock {
namespace {

using json = nlohmann::json;

constexpr std::size_t kDefaultEventsPage = 100;
constexpr std::size_t kMaxFilterTypes = 16;

Result<std::int64_t> AfterParam(const httplib::Request& req) {
  const std::string after = req.get_param_value("after");
  if (after.empty()) return 0;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(after.data(), after.data() + after.size(), value);
  if (ec != std::errc() || end != after.data() + after.size() || value < 0) {
    return FailWith(ErrorCode::kInvalidInput, "?after= is an event id (digits), the last one read");
  }
  return value;
}

Result<std::size_t> LimitParam(const httplib::Request& req) {
  const std::string limit = req.get_param_value("limit");
  if (limit.empty()) return kDefaultEventsPage;
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), value);
  if (ec != std::errc() || end != limit.data() + limit.size() || value == 0 || value > kMaxEventsPage) {
    return FailWith(ErrorCode::kInvalidInput, "?limit= is 1..{}", kMaxEventsPage);
  }
  return value;
}

// ?type= may repeat or list several, comma-separated.
Result<std::vector<std::string>> TypesParam(const httplib::Request& req) {
  std::vector<std::string> types;
  for (std::size_t i = 0; i < req.get_param_value_count("type"); ++i) {
    std::string value = req.get_param_value("type", i);
    for (std::size_t start = 0; start <= value.size();) {
      std::size_t comma = std::min(value.find(',', start), value.size());
      std::string type = value.substr(start, comma - start);
      if (!type.empty()) {
        if (type.size() > 64 || type.find_first_not_of("abcdefghijklmnopqrstuvwxyz._") != std::string::npos) {
          return FailWith(ErrorCode::kInvalidInput, "?type= is an event type such as finding.new");
        }
        types.push_back(std::move(type));
      }
      start = comma + 1;
    }
  }
  if (types.size() > kMaxFilterTypes) return FailWith(ErrorCode::kInvalidInput, "at most {} types", kMaxFilterTypes);
  return types;
}

json EventJson(const Event& e) {
  json payload = json::parse(e.payload, nullptr, false);
  return {{"id", e.id}, {"type", e.type}, {"digest", e.digest}, {"repository", e.repository},
          {"generation", e.generation}, {"severity", e.severity}, {"created_ms", e.created_ms},
          {"payload", payload.is_discarded() ? json::object() : payload}};
}

void GetEvents(ApiContext& context, const httplib::Request& req, httplib::Response& res) {
  auto after = AfterParam(req);
  if (!after) return SendError(res, after.error());
  auto limit = LimitParam(req);
  if (!limit) return SendError(res, limit.error());
  auto types = TypesParam(req);
  if (!types) return SendError(res, types.error());
  EventFilter filter{.types = std::move(*types), .repository = req.get_param_value("repository"),
                     .digest = req.get_param_value("digest")};
  if (filter.repository.size() > 512 || (!filter.digest.empty() && !IsImageDigest(filter.digest))) {
    return SendError(res, 400, "invalid_input", "?repository= is at most 512 characters; ?digest= sha256:<64 hex>");
  }
  auto events = context.store->EventsAfter(*after, *limit, filter);
  if (!events) return SendError(res, events.error());
  json items = json::array();
  for (const Event& e : *events) items.push_back(EventJson(e));
  // The cursor to continue from: the last id returned, or the one given when nothing new has arrived yet.
  const std::int64_t next = events->empty() ? *after : events->back().id;
  SendJson(res, 200, {{"items", std::move(items)}, {"next_after", next}});
}

void GetGenerations(ApiContext& context, const httplib::Request&, httplib::Response& res) {
  auto generations = context.store->Generations();
  if (!generations) return SendError(res, generations.error());
  json items = json::array();
  for (const DbGenerationRecord& g : *generations) {
    json counts = json::parse(g.finding_counts, nullptr, false);
    items.push_back({{"id", g.id}, {"digest", g.digest}, {"built_at", g.built_at},
                     {"first_seen_ms", g.first_seen_ms}, {"processed_ms", g.processed_ms},
                     {"finding_counts", counts.is_object() ? counts : json::object()}});
  }
  SendJson(res, 200, {{"items", std::move(items)}});
}

}  // namespace

void RegisterEventsApi(httplib::Server& server, ApiContext& context) {
  auto bind = [&context](auto handler) {
    return [&context, handler](const httplib::Request& req, httplib::Response& res) { handler(context, req, res); };
  };
  server.Get("/api/v1/events", bind(GetEvents));
  server.Get("/api/v1/generations", bind(GetGenerations));
}

}  // namespace drydock
