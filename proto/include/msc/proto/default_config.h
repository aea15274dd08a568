#ifndef MSC_PROTO_DEFAULT_CONFIG_H_
#define MSC_PROTO_DEFAULT_CONFIG_H_

#include <string_view>

namespace msc {

// The text of proto/default_config.textproto (an msc.v1.ScoringConfig), built in.
std::string_view DefaultConfigText();

}  // namespace msc

#endif  // MSC_PROTO_DEFAULT_CONFIG_H_
