#ifndef MSC_DEMO_CATALOGUE_H_
#define MSC_DEMO_CATALOGUE_H_

// The invented names of the demo program: industries, companies, observers and the
// observers' comments. Any likeness to a real company is accidental.

#include <string>
#include <vector>

#include "msc/v1/register.pb.h"

namespace msc::demo {

// 18 industries and 153 companies; ids are ASCII slugs of the names.
void AddIndustriesAndCompanies(v1::Register& reg);
// Observers "obs-001".. with Norwegian names, unique for up to 400.
void AddObservers(int count, v1::Register& reg);

// "Mat på nett" -> "mat-pa-nett".
std::string Slug(const std::string& name);

enum class Mood { kPraise, kMixed, kComplaint };
const std::vector<std::string>& Comments(Mood mood);
// What an observer writes when nobody answered, per channel (1 phone, 2 chat, 3 e-mail).
const std::vector<std::string>& UnansweredComments(int channel);

}  // namespace msc::demo

#endif  // MSC_DEMO_CATALOGUE_H_
