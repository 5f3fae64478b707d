// Registry credentials as docker keeps them: a config.json (the CLI's ~/.docker or $DOCKER_CONFIG) with
// `auths` entries (base64 "user:password" in `auth`), and `credHelpers` / `credsStore` naming a
// docker-credential-NAME program that answers `get` on stdin. Credentials are secrets: no function here
// puts one into an error message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::size_t kMaxDockerConfigBytes = 1 << 20;
inline constexpr std::size_t kMaxHelperOutputBytes = 64 << 10;

struct Credentials {
  std::string username;
  std::string password;  // or an identity token
};

// The credentials config.json holds for `registry` ("127.0.0.1:5000", "registry-1.docker.io"), trying the
// host's docker.io aliases and the "https://host" forms docker writes. nullopt when there are none; an
// error when the file, its entry or the helper program is broken (the message names which, never the secret).
// `config_json` is the file's text.
Result<std::optional<Credentials>> FindCredentials(std::string_view config_json, std::string_view registry);

// FindCredentials on the config.json at `path` (the CLI's $DOCKER_CONFIG/config.json or ~/.docker/config.json;
// the library never guesses it). An empty path or a missing file means no credentials.
Result<std::optional<Credentials>> LoadCredentials(const std::string& path, std::string_view registry);

// `config_json` (may be empty) with an `auths` entry for `registry` set to `credentials`; other content kept.
Result<std::string> WithCredentials(std::string_view config_json, std::string_view registry,
                                    const Credentials& credentials);

// Writes WithCredentials(...) to `path` with mode 0600, atomically (temp file + rename).
Status StoreCredentials(const std::string& path, std::string_view registry, const Credentials& credentials);

}  // namespace drydock
