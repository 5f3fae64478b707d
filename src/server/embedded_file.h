// Files built into the binary (cmake/embed_files.cmake writes their bytes into a generated source).
#pragma once

#include <span>
#include <string_view>

namespace drydock {

struct EmbeddedFile {
  std::string_view name;  // the file's name, without directories ("app.js")
  std::string_view bytes;
};

// The web UI's files (src/server/ui/), in the order CMake lists them.
std::span<const EmbeddedFile> UiFiles();

}  // namespace drydock
