#include "msc/proto/serialize.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

namespace msc {

std::string SerializeDeterministic(const google::protobuf::MessageLite& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.ByteSizeLong();  // fills the cached sizes that serialization reads
    message.SerializeWithCachedSizes(&coded);
  }
  return out;
}

}  // namespace msc
