#include "catalogue.h"

#include <array>
#include <cstdio>

namespace msc::demo {
namespace {

struct IndustrySpec {
  const char* name;
  int companies;
  // "{}" is a name stem: "{} Bank" -> "Nordlys Bank", "{}banken" -> "Nordlysbanken".
  std::array<const char*, 3> patterns;
};

constexpr IndustrySpec kIndustries[] = {
    {"Mobil", 10, {"{} Mobil", "{}tele", "{} Mobilnett"}},
    {"TV-distribusjon", 7, {"{} TV", "{}vision", "{} Kabel-TV"}},
    {"Bredbånd", 10, {"{} Fiber", "{}nett", "{} Bredbånd"}},
    {"Bank", 12, {"{} Sparebank", "{}banken", "{} Bank"}},
    {"Forsikring", 11, {"{} Forsikring", "{} Skadeforsikring", "{}trygd"}},
    {"Strøm", 12, {"{} Energi", "{}strøm", "{} Kraftsalg"}},
    {"Flyreise", 6, {"{} Air", "{}fly", "{} Airlines"}},
    {"Cruise", 5, {"{} Cruise", "{} Kystruter", "{} Sjøreiser"}},
    {"Bilutleie", 7, {"{} Bilutleie", "{} Rent", "{}bil"}},
    {"Reiseselskap", 8, {"{} Reiser", "{} Tours", "{}ferie"}},
    {"Mat på nett", 7, {"{} Matkasse", "{}handel", "{} Dagligvare"}},
    {"Veihjelp", 5, {"{} Veihjelp", "{} Redning", "{} Assistanse"}},
    {"Netthandel", 12, {"{} Shop", "{}huset", "{} Netthandel"}},
    {"Boligalarm", 6, {"{} Alarm", "{} Sikkerhet", "{}vakt"}},
    {"Treningssenter", 8, {"{} Trening", "{} Gym", "{} Treningssenter"}},
    {"Kollektivtransport", 9, {"{} Trafikk", "{} Buss", "{}banen"}},
    {"Hotell", 10, {"{} Hotell", "{} Hotels", "{}gården"}},
    {"Eiendomsmegler", 8, {"{} Eiendom", "{} Eiendomsmegling", "{}megleren"}},
};

constexpr const char* kStems[] = {
    "Fjellbris",  "Nordlys",  "Havørn",      "Skjærgård", "Polarstjerne", "Bølgen",
    "Furulund",   "Lyngheia", "Midnattsol",  "Tindeklar", "Kystlinje",    "Sølvberg",
    "Granli",     "Bjørkli",  "Elvebredd",   "Måkeskjær", "Solstreif",    "Isbreen",
    "Vestavind",  "Østerdal", "Fjordglimt",  "Reinrose",  "Multebær",     "Trollvann",
    "Sjøglimt",   "Høyfjell", "Snøkrystall", "Kvitveis",  "Blåbær",       "Stormkast",
    "Ravnefjell", "Jærlys",   "Lofotlys",    "Mjøsglimt", "Vardetind",    "Ærfugl",
};
constexpr int kStemCount = sizeof kStems / sizeof kStems[0];

constexpr const char* kFirstNames[] = {
    "Ingrid", "Ola",     "Kari",     "Lars",   "Sigrid", "Magnus",  "Nora",
    "Henrik", "Solveig", "Jonas",    "Marte",  "Eirik",  "Åse",     "Bjørn",
    "Tuva",   "Håkon",   "Ragnhild", "Sindre", "Maja",   "Øystein",
};
constexpr const char* kLastNames[] = {
    "Hansen",      "Johansen", "Olsen",   "Larsen", "Andersen", "Pedersen", "Nilsen",
    "Kristiansen", "Jensen",   "Karlsen", "Haugen", "Berg",     "Dahl",     "Lie",
    "Strand",      "Bakken",   "Sæther",  "Løken",  "Aas",      "Ødegaard",
};

std::string Fill(const std::string& pattern, const std::string& stem) {
  std::string out = pattern;
  return out.replace(out.find("{}"), 2, stem);
}

}  // namespace

std::string Slug(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const std::string rest = name.substr(i, 2);
    std::string piece;
    if (rest == "æ" || rest == "Æ") {
      piece = "ae";
    } else if (rest == "ø" || rest == "Ø") {
      piece = "o";
    } else if (rest == "å" || rest == "Å") {
      piece = "a";
    }
    if (!piece.empty()) {
      out += piece;
      ++i;
      continue;
    }
    const char c = name[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

void AddIndustriesAndCompanies(v1::Register& reg) {
  int industry_index = 0;
  for (const IndustrySpec& spec : kIndustries) {
    v1::Industry* industry = reg.add_industries();
    industry->set_id(Slug(spec.name));
    industry->set_name(spec.name);
    for (int j = 0; j < spec.companies; ++j) {
      // Stems rotate by industry so that neighbours in a list do not all rhyme; within
      // an industry they are distinct because j < kStemCount.
      const std::string stem = kStems[(industry_index * 7 + j) % kStemCount];
      v1::Company* company = reg.add_companies();
      company->set_name(Fill(spec.patterns[j % 3], stem));
      company->set_id(Slug(company->name()));
      company->set_industry_id(industry->id());
    }
    ++industry_index;
  }
}

void AddObservers(int count, v1::Register& reg) {
  constexpr int kFirst = sizeof kFirstNames / sizeof kFirstNames[0];
  constexpr int kLast = sizeof kLastNames / sizeof kLastNames[0];
  for (int i = 0; i < count; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "obs-%03d", i + 1);
    v1::Observer* o = reg.add_observers();
    o->set_id(id);
    // Same first name every kFirst observers, each time with another last name.
    o->set_name(std::string(kFirstNames[i % kFirst]) + " " +
                kLastNames[(i / kFirst + i * 3) % kLast]);
    o->set_active(true);
  }
}

const std::vector<std::string>& Comments(Mood mood) {
  static const std::vector<std::string> kPraise = {
      "Svært hyggelig og løsningsorientert.",
      "Fikk svar på alt jeg lurte på, raskt og greit.",
      "Veldig god oppfølging – anbefales!",
      "Kunnskapsrik rådgiver som tok seg god tid.",
      "Enkelt og effektivt, takk for hjelpen.",
      "Spurte gode spørsmål om behovet mitt før hun foreslo noe.",
  };
  static const std::vector<std::string> kMixed = {
      "Greit nok, men litt standardsvar.",
      "Fikk hjelp, men måtte forklare behovet to ganger.",
      "Ok samtale, lite engasjement.",
      "Svaret kom, men manglet detaljer om pris.",
      "Høflig, men henviste til nettsiden for det meste.",
  };
  static const std::vector<std::string> kComplaint = {
      "Virket uinteressert og avsluttet raskt.",
      "Fikk feil informasjon om bindingstid.",
      "Ble satt over tre ganger uten å få svar.",
      "Prøvde å selge meg noe jeg ikke trengte.",
      "Mange skrivefeil og et svar som ikke passet spørsmålet.",
  };
  switch (mood) {
    case Mood::kPraise:
      return kPraise;
    case Mood::kMixed:
      return kMixed;
    default:
      return kComplaint;
  }
}

const std::vector<std::string>& UnansweredComments(int channel) {
  static const std::vector<std::string> kPhone = {
      "Ingen svar etter fem minutter i kø.",
      "Telefonen ble lagt på etter ventemeldingen.",
      "Køen var full, fikk beskjed om å ringe senere.",
  };
  static const std::vector<std::string> kChat = {
      "Chatten var stengt i åpningstiden.",
      "Ble stående i chatkø uten at noen svarte.",
      "Fikk bare svar fra chatboten, aldri et menneske.",
  };
  static const std::vector<std::string> kEmail = {
      "Fikk aldri svar på e-posten.",
      "Kun automatisk kvittering, ikke noe svar.",
  };
  return channel == 1 ? kPhone : channel == 2 ? kChat : kEmail;
}

}  // namespace msc::demo
