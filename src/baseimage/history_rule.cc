#include <string_view>

#include "baseimage/identify.h"

namespace drydock::baseimage {
namespace {

// "/bin/sh -c #(nop)  CMD [\"bash\"]" (docker build) or "CMD [\"bash\"]" (BuildKit) -> "CMD [\"bash\"]".
std::string_view Instruction(std::string_view created_by) {
  for (std::string_view prefix : {"/bin/sh -c #(nop)", "|0 /bin/sh -c #(nop)"}) {
    if (created_by.starts_with(prefix)) created_by.remove_prefix(prefix.size());
  }
  while (!created_by.empty() && created_by.front() == ' ') created_by.remove_prefix(1);
  return created_by;
}

bool IsRunConfigStep(std::string_view created_by) {
  std::string_view step = Instruction(created_by);
  return step.starts_with("CMD [") || step.starts_with("CMD ") ||
         step.starts_with("ENTRYPOINT ");
}

}  // namespace

std::size_t HistoryBaseLayers(const ImageFacts& image) {
  // History steps that made a layer carry the same created_by as that layer, in order: walk both together.
  std::size_t layer = 0;
  for (const std::string& step : image.history) {
    if (IsRunConfigStep(step)) {
      return layer > 0 && layer < image.diff_ids.size() ? layer : 0;
    }
    if (layer < image.layer_created_by.size() && image.layer_created_by[layer] == step) ++layer;
  }
  return 0;
}

}  // namespace drydock::baseimage
