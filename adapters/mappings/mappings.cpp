#include "adapters/mappings/mappings.hpp"

#include <stdexcept>

namespace dxs::mappings {

std::shared_ptr<Knowledge> load_knowledge(const std::filesystem::path& dir) {
  throw std::runtime_error(dir.string() + ": load_knowledge not implemented yet");
}

Result<RulePack> parse_rule_pack(std::string_view, std::string_view source_name) {
  return make_error(ErrorCode::internal, "parse_rule_pack not implemented yet", std::string(source_name));
}

std::filesystem::path default_mappings_dir() { return DXS_DEFAULT_MAPPINGS_DIR; }

}  // namespace dxs::mappings
