#include "adapters/mappings/import_command.hpp"

namespace dxs::mappings {

int import_main(const std::vector<std::string>&, std::ostream&, std::ostream& err) {
  err << "import-icd10cm: not implemented yet\n";
  return 2;
}

}  // namespace dxs::mappings
