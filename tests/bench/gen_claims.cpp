// Deterministic claim generator for the benchmarks (no randomness from the clock: a fixed-seed
// xorshift drives every choice, so the same arguments give byte-identical files).
//   gen_claims x12 <claims> [claims_per_st]        837P interchange on stdout
//   gen_claims x12-bytes <bytes> [claims_per_st]   837P of at least <bytes> bytes (one ST per batch)
//   gen_claims ndjson <claims>                     FHIR NDJSON, one Claim per line
//   gen_claims bundle <claims>                     one FHIR Bundle (type collection) of Claims
// Claims look like real therapy / orthopaedic claims: 2-6 diagnoses (HI ABK + ABF, always one
// M62.x), 1-3 service lines with pointers and dates; about one claim in ten carries a rule hit
// (Excludes1 pairs, M62.49 with a site code, a non-billable header, a bad pointer).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return s_;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t s_;
};

// Dotted codes; the X12 writer drops the dot.
constexpr std::string_view kM62[] = {"M62.411", "M62.412", "M62.421", "M62.431", "M62.441", "M62.451",
                                     "M62.461", "M62.462", "M62.471", "M62.48",  "M62.49",  "M62.40",
                                     "M62.81",  "M62.830", "M62.838", "M62.89",  "M62.9",   "M62.50"};
constexpr std::string_view kOther[] = {"R53.83", "M25.511", "M54.50", "M79.601", "S83.511A", "Z96.651",
                                       "I10",    "E11.9",   "G72.9",  "M17.11",  "M75.101",  "R26.89",
                                       "Z47.1",  "M25.561", "M62.81", "Z96.641", "M19.011",  "R29.898"};
// Codes that draw findings next to the others (Excludes1 partners, a header code).
constexpr std::string_view kTrouble[] = {"R53.1", "R25.2", "M24.561", "M24.511", "M62.4"};
constexpr std::string_view kCpt[] = {"97110", "97112", "97140", "97530", "97161", "97162", "99213", "99214"};

struct Claim {
  std::vector<std::string_view> codes;
  std::vector<std::vector<int>> pointers;  // 1-based, per service line
  std::vector<std::string_view> procedures;
  int day = 1;
};

Claim make_claim(Rng& rng) {
  Claim c;
  const std::size_t n = 2 + rng.below(5);
  c.codes.push_back(kM62[rng.below(std::size(kM62))]);
  while (c.codes.size() < n) {
    const std::string_view code = kOther[rng.below(std::size(kOther))];
    if (std::find(c.codes.begin(), c.codes.end(), code) == c.codes.end()) c.codes.push_back(code);
  }
  if (rng.below(12) == 0) c.codes.back() = kTrouble[rng.below(std::size(kTrouble))];
  if (rng.below(40) == 0 && c.codes.front() != "M62.49") c.codes.push_back("M62.49");
  const std::size_t lines = 1 + rng.below(3);
  for (std::size_t l = 0; l < lines; ++l) {
    std::vector<int> p;
    const std::size_t np = 1 + rng.below(std::min<std::size_t>(4, c.codes.size()));
    while (p.size() < np) {
      const int pointer = static_cast<int>(1 + rng.below(c.codes.size()));
      if (std::find(p.begin(), p.end(), pointer) == p.end()) p.push_back(pointer);
    }
    if (rng.below(100) == 0) p.back() = static_cast<int>(c.codes.size()) + 3;  // pointer-invalid
    c.pointers.push_back(std::move(p));
    c.procedures.push_back(kCpt[rng.below(std::size(kCpt))]);
  }
  c.day = 1 + static_cast<int>(rng.below(28));
  return c;
}

std::string undot(std::string_view code) {
  std::string out;
  for (char ch : code) {
    if (ch != '.') out.push_back(ch);
  }
  return out;
}

class Out {
 public:
  ~Out() { flush(); }
  void add(std::string_view s) {
    buf_.append(s);
    bytes_ += s.size();
    if (buf_.size() > (1u << 20)) flush();
  }
  void flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), stdout);
    buf_.clear();
  }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }

 private:
  std::string buf_;
  std::uint64_t bytes_ = 0;
};

void x12(std::uint64_t claims, std::uint64_t min_bytes, std::uint64_t per_st) {
  Rng rng(0x9E3779B97F4A7C15ull);
  Out out;
  out.add("ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*DXSCREEN       *251104*0930*^*00501*000000101*0*P*:~\n");
  out.add("GS*HC*SUBMITTER01*DXSCREEN*20251104*0930*101*X*005010X222A1~\n");
  std::uint64_t done = 0, st = 0;
  auto more = [&] { return min_bytes ? out.bytes() < min_bytes : done < claims; };
  while (more()) {
    ++st;
    char stn[16];
    std::snprintf(stn, sizeof stn, "%09llu", static_cast<unsigned long long>(st));
    std::uint64_t segs = 0;
    auto seg = [&](const std::string& s) {
      out.add(s);
      out.add("~\n");
      ++segs;
    };
    seg(std::string("ST*837*") + stn + "*005010X222A1");
    seg(std::string("BHT*0019*00*BATCH") + stn + "*20251104*0930*CH");
    seg("NM1*41*2*NORTHSIDE BILLING SERVICE*****46*SUBMITTER01");
    seg("PER*IC*BILLING OFFICE*TE*5555550100");
    seg("NM1*40*2*EXAMPLE HEALTH PLAN*****46*PAYER01");
    seg("HL*1**20*1");
    seg("NM1*85*2*NORTHSIDE THERAPY CLINIC*****XX*1234567893");
    seg("N3*100 MAIN STREET");
    seg("N4*SPRINGFIELD*IL*627010001");
    seg("REF*EI*123456789");
    int hl = 1;
    for (std::uint64_t i = 0; i < per_st && more(); ++i) {
      const Claim c = make_claim(rng);
      ++done;
      seg("HL*" + std::to_string(++hl) + "*1*22*0");
      seg("SBR*P*18*******CI");
      seg("NM1*IL*1*TESTPATIENT*MEMBER****MI*MEMBER" + std::to_string(done));
      seg("N3*1 SAMPLE STREET");
      seg("N4*SPRINGFIELD*IL*627010002");
      seg("DMG*D8*19600101*F");
      seg("NM1*PR*2*EXAMPLE HEALTH PLAN*****PI*PAYER01");
      int total = 0;
      for (std::size_t l = 0; l < c.procedures.size(); ++l) total += 95 + static_cast<int>(l) * 20;
      seg("CLM*PCN-" + std::to_string(done) + "*" + std::to_string(total) + "***11:B:1*Y*A*Y*Y");
      std::string hi = "HI";
      for (std::size_t k = 0; k < c.codes.size() && k < 12; ++k) {
        hi += (k == 0 ? "*ABK:" : "*ABF:") + undot(c.codes[k]);
      }
      seg(hi);
      char date[16];
      std::snprintf(date, sizeof date, "202511%02d", c.day);
      for (std::size_t l = 0; l < c.procedures.size(); ++l) {
        seg("LX*" + std::to_string(l + 1));
        std::string ptr;
        for (std::size_t k = 0; k < c.pointers[l].size(); ++k) {
          if (k) ptr += ":";
          ptr += std::to_string(c.pointers[l][k]);
        }
        seg("SV1*HC:" + std::string(c.procedures[l]) + "*" + std::to_string(95 + l * 20) + "*UN*1***" + ptr);
        seg(std::string("DTP*472*D8*") + date);
      }
    }
    out.add("SE*" + std::to_string(segs + 1) + "*" + stn + "~\n");
  }
  out.add("GE*" + std::to_string(st) + "*101~\n");
  out.add("IEA*1*000000101~\n");
}

std::string fhir_claim(Rng& rng, std::uint64_t n) {
  const Claim c = make_claim(rng);
  char date[16];
  std::snprintf(date, sizeof date, "2025-11-%02d", c.day);
  std::string s = R"({"resourceType":"Claim","id":"bench-)" + std::to_string(n) +
                  R"(","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},"use":"claim","patient":{"reference":"Patient/p)" +
                  std::to_string(n % 9973) + R"("},"billablePeriod":{"start":")" + date + R"(","end":")" + date +
                  R"("},"created":"2025-11-04","provider":{"reference":"Organization/o1"},"priority":{"coding":[{"code":"normal"}]},"diagnosis":[)";
  for (std::size_t k = 0; k < c.codes.size(); ++k) {
    if (k) s += ",";
    s += R"({"sequence":)" + std::to_string(k + 1) +
         R"(,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":")" +
         std::string(c.codes[k]) + R"("}]})";
    if (k == 0) s += R"(,"type":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/ex-diagnosistype","code":"principal"}]}])";
    s += "}";
  }
  s += R"(],"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/c1"}}],"item":[)";
  for (std::size_t l = 0; l < c.procedures.size(); ++l) {
    if (l) s += ",";
    s += R"({"sequence":)" + std::to_string(l + 1) + R"(,"diagnosisSequence":[)";
    for (std::size_t k = 0; k < c.pointers[l].size(); ++k) {
      if (k) s += ",";
      s += std::to_string(c.pointers[l][k]);
    }
    s += R"(],"productOrService":{"coding":[{"system":"http://www.ama-assn.org/go/cpt","code":")" +
         std::string(c.procedures[l]) + R"("}]},"servicedDate":")" + date + R"("})";
  }
  s += "]}";
  return s;
}

void ndjson(std::uint64_t claims) {
  Rng rng(0xD1B54A32D192ED03ull);
  Out out;
  for (std::uint64_t i = 1; i <= claims; ++i) {
    out.add(fhir_claim(rng, i));
    out.add("\n");
  }
}

void bundle(std::uint64_t claims) {
  Rng rng(0xD1B54A32D192ED03ull);
  Out out;
  out.add(R"({"resourceType":"Bundle","id":"bench-bundle","type":"collection","entry":[)");
  for (std::uint64_t i = 1; i <= claims; ++i) {
    out.add(i == 1 ? "\n" : ",\n");
    out.add(R"({"fullUrl":"urn:uuid:00000000-0000-4000-8000-)");
    char tail[16];
    std::snprintf(tail, sizeof tail, "%012llu", static_cast<unsigned long long>(i));
    out.add(tail);
    out.add(R"(","resource":)");
    out.add(fhir_claim(rng, i));
    out.add("}");
  }
  out.add("\n]}\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: gen_claims x12|x12-bytes|ndjson|bundle <count> [claims_per_st]\n");
    return 2;
  }
  const std::string_view kind = argv[1];
  const std::uint64_t count = std::strtoull(argv[2], nullptr, 10);
  const std::uint64_t per_st = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1000;
  if (kind == "x12") {
    x12(count, 0, per_st);
  } else if (kind == "x12-bytes") {
    x12(0, count, per_st);
  } else if (kind == "ndjson") {
    ndjson(count);
  } else if (kind == "bundle") {
    bundle(count);
  } else {
    std::fprintf(stderr, "gen_claims: unknown kind %s\n", argv[1]);
    return 2;
  }
  return 0;
}
