// The server's monitoring thread: refreshes the DB on its schedule (ServerOptions::update_db), watches the DB
// file and hands each new generation to the DbMonitor (src/monitor), which re-matches the stored images.
#pragma once

#include <memory>
#include <stop_token>

#include "drydock/scanner.h"
#include "drydock/server.h"
#include "store/store.h"

namespace drydock {

class DbMonitorLoop {
 public:
  // Starts the thread; `scanner` reloads each new generation. Errors: the --policy file cannot be read.
  static Result<std::unique_ptr<DbMonitorLoop>> Start(const ServerOptions& options, Store& store, Scanner& scanner);
  ~DbMonitorLoop();  // stops and joins (a running re-match stops between images; the generation is redone)

 private:
  struct State;
  explicit DbMonitorLoop(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace drydock
