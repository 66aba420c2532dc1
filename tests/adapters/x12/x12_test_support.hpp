#pragma once
// Helpers shared by the X12 adapter tests: file reading, segment splitting of generated
// acknowledgments, a structural checker for 999/277CA/TA1 interchanges (envelope counts and
// control numbers, the loop order of 005010X231A1 and 005010X214), and screen functions that
// return chosen findings.
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/x12/x12.hpp"

namespace dxs::x12::testing {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::filesystem::path shared_dir() { return std::filesystem::path(DXS_SHARED_DIR); }

// Splits an interchange on the delimiters of its (first) ISA; trims CR/LF.
struct Parsed12 {
  char element = '*', component = ':', segment = '~';
  std::vector<std::vector<std::string>> segments;
  [[nodiscard]] std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& s : segments) out.push_back(s.empty() ? "" : s[0]);
    return out;
  }
  [[nodiscard]] std::vector<std::vector<std::string>> all(const std::string& id) const {
    std::vector<std::vector<std::string>> out;
    for (const auto& s : segments) {
      if (!s.empty() && s[0] == id) out.push_back(s);
    }
    return out;
  }
};

inline Parsed12 split_x12(const std::string& text) {
  Parsed12 p;
  if (text.size() < 106 || text.compare(0, 3, "ISA") != 0) return p;
  p.element = text[3];
  int seps = 0;
  std::size_t i = 3;
  for (; i < text.size(); ++i) {
    if (text[i] == p.element && ++seps == 16) break;
  }
  p.component = text[i + 1];
  p.segment = text[i + 2];
  std::string current;
  for (char c : text) {
    if (c == p.segment) {
      std::vector<std::string> elements;
      std::string e;
      for (char d : current) {
        if (d == p.element) {
          elements.push_back(e);
          e.clear();
        } else if (d != '\r' && d != '\n') {
          e += d;
        }
      }
      elements.push_back(e);
      if (!(elements.size() == 1 && elements[0].empty())) p.segments.push_back(elements);
      current.clear();
    } else {
      current += c;
    }
  }
  return p;
}

// A complete interchange around 837 body segments (BHT..last claim segment, '~' terminated,
// '*' and ':' separators), with correct SE01/GE01/IEA01 and control numbers.
inline std::string make_837(const std::vector<std::string>& body, const std::string& version = "005010X222A1",
                            const std::string& st02 = "0001") {
  std::string out =
      "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*DXSCREEN       *250110*0900*^*00501*000000077*0*P*:~\n"
      "GS*HC*SUBMITTER01*DXSCREEN*20250110*0900*77*X*" + version + "~\n"
      "ST*837*" + st02 + "*" + version + "~\n";
  for (const auto& s : body) out += s + "~\n";
  out += "SE*" + std::to_string(body.size() + 2) + "*" + st02 + "~\nGE*1*77~\nIEA*1*000000077~\n";
  return out;
}

// The usual 837P header and one subscriber (patient = subscriber) with one claim.
inline std::vector<std::string> professional_claim(const std::vector<std::string>& claim_segments,
                                                   const std::string& clm01 = "PCN0001") {
  std::vector<std::string> body = {
      "BHT*0019*00*BATCH0001*20250110*0900*CH",
      "NM1*41*2*SUBMITTER NAME*****46*SUBMITTER01",
      "PER*IC*CONTACT*TE*5555551212",
      "NM1*40*2*RECEIVER*****46*DXSCREEN",
      "HL*1**20*1",
      "NM1*85*2*BILLING PROVIDER*****XX*1234567893",
      "N3*1 MAIN ST",
      "N4*CITY*ST*123451234",
      "REF*EI*123456789",
      "HL*2*1*22*0",
      "SBR*P*18*******CI",
      "NM1*IL*1*DOE*JANE****MI*W000000001",
      "NM1*PR*2*PAYER*****PI*12345",
      "CLM*" + clm01 + "*150***11:B:1*Y*A*Y*Y",
  };
  body.insert(body.end(), claim_segments.begin(), claim_segments.end());
  return body;
}

inline ScreenFn accept_all() {
  return [](const Claim& claim) {
    ClaimResult r;
    r.claim_id = claim.id;
    return r;
  };
}

// Returns `findings` for every claim (diagnosis_indexes must fit the claims screened).
inline ScreenFn with_findings(std::vector<Finding> findings) {
  return [findings](const Claim& claim) {
    ClaimResult r;
    r.claim_id = claim.id;
    r.findings = findings;
    for (const auto& f : findings) {
      if (f.severity == Severity::error || f.severity == Severity::fatal) r.rejected = true;
    }
    return r;
  };
}

inline Finding finding(std::string rule, std::vector<std::string> codes, std::vector<int> diagnoses,
                       Severity severity = Severity::error, int line = -1) {
  Finding f;
  f.rule = std::move(rule);
  f.codes = std::move(codes);
  f.diagnosis_indexes = std::move(diagnoses);
  f.severity = severity;
  f.line_index = line;
  return f;
}

inline Options fixed_options() {
  Options o;
  o.ack.process_date = Date::from_ymd(2025, 1, 15);
  o.ack.process_time = 1200;
  return o;
}

}  // namespace dxs::x12::testing
