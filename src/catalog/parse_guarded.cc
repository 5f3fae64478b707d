#include <exception>
#include <new>

#include "catalog/catalog.h"

namespace drydock {

Result<ParsedPackages> ParseGuarded(const Cataloger& cataloger, std::string_view path, std::string_view bytes,
                                    const FileReader* read) {
  try {
    return read != nullptr ? cataloger.ParseWithFiles(path, bytes, *read) : cataloger.Parse(path, bytes);
  } catch (const std::bad_alloc&) {
    throw;  // out of memory is the process's problem, not this file's
  } catch (const std::exception& e) {
    return Fail("{} cataloger failed on {} (a drydock bug, please report it): {}", cataloger.Name(), path, e.what());
  }
}

}  // namespace drydock
