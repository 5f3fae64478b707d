// The web dashboard: static HTML/CSS/JS built into the binary (src/server/ui/), served at / and /ui/NAME with
// a strict Content-Security-Policy (no inline script or style, nothing from other origins). The pages need no
// token; the page asks for one and sends it to the API as `Authorization: Bearer`.
#pragma once

#include <httplib.h>

#include <string_view>

namespace drydock {

// True for the paths the UI serves (they skip the API's token check).
bool IsUiPath(std::string_view path);

// Registers GET / and GET /ui/NAME on `server`.
void RegisterUi(httplib::Server& server);

}  // namespace drydock
