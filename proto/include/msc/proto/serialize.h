#ifndef MSC_PROTO_SERIALIZE_H_
#define MSC_PROTO_SERIALIZE_H_

#include <string>

#include <google/protobuf/message_lite.h>

namespace msc {

// The message's bytes with map entries in key order, so that equal messages give
// equal bytes: what storage compares for DUPLICATE and what the digests hash.
std::string SerializeDeterministic(const google::protobuf::MessageLite& message);

}  // namespace msc

#endif  // MSC_PROTO_SERIALIZE_H_
