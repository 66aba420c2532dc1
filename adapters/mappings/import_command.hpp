#pragma once
// `dxscreen import-icd10cm`: converts CDC/NCHS release files into dxscreen's TSV data files.
//   --order FILE          CDC order file (fixed width)          -> <out>/icd10cm-<FY>.tsv
//   --excludes1-csv FILE  FY2027-style Excludes1 table (CSV)   -> <out>/notes-<FY>.tsv
//   --tabular FILE        CDC tabular XML (all note kinds)      -> <out>/notes-<FY>.tsv
//                         (with --excludes1-csv: the XML's notes replace the CSV's at every
//                          location the XML covers)
//   --fiscal-year N       default: the four digits in the order/tabular file name
//   --out-dir DIR         default: current directory
// Returns 0 on success, 1 on bad input (message with file and line on err), 2 on usage errors.
#include <ostream>
#include <string>
#include <vector>

namespace dxs::mappings {

int import_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace dxs::mappings
