// Strict reads of the attributes a response must carry. The group, the value syntax and the
// cardinality are all checked; anything else is ErrorCode::Protocol with a message naming the
// attribute, so a malformed answer from the cloud is reported, never guessed at.
#pragma once

#include "common/error.h"

#include <cups/ipp.h>

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace printlink::daemon::cloud {

// The string syntaxes the link reads. Name and Text accept both the with- and
// without-language forms (RFC 8011 §5.1.2, §5.1.3).
enum class StringSyntax { Name, Text, Keyword, Uri };

// The attribute 'name' in the first group tagged 'group', or nullptr.
ipp_attribute_t* find_in_group(ipp_t* msg, ipp_tag_t group, std::string_view name);

bool has_syntax(ipp_attribute_t* attr, StringSyntax syntax);

// Exactly one value of 'syntax'.
[[nodiscard]] Result<std::string> read_one_string(ipp_t* msg, ipp_tag_t group,
                                                  std::string_view name, StringSyntax syntax);
// One or more values, all of 'syntax'.
[[nodiscard]] Result<std::vector<std::string>> read_string_set(ipp_t* msg, ipp_tag_t group,
                                                               std::string_view name,
                                                               StringSyntax syntax);
// Exactly one integer.
[[nodiscard]] Result<int> read_one_integer(ipp_t* msg, ipp_tag_t group, std::string_view name);

// The values of one attribute as strings (any string syntax), for keyword sets inside event
// groups; empty when the attribute has another syntax.
std::vector<std::string> string_values(ipp_attribute_t* attr);

}  // namespace printlink::daemon::cloud
