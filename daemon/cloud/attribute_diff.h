// The sparse form of Update-Output-Device-Attributes (PWG 5100.18 §4.4, §5.10): after the
// session's first, full update, the link sends only the Printer attributes whose values changed
// since the last update the cloud accepted, and delete-attribute for those that went away.
// Whole attributes are replaced (the cloud replaces a kept attribute by name); pure.
#pragma once

#include "common/ipp/ipp_ptr.h"

namespace printlink::daemon::cloud {

// Two attributes are equal when syntax, count and every value (as ippAttributeString renders
// it, which covers collections) are.
bool same_attribute(ipp_attribute_t* a, ipp_attribute_t* b);

// A message with the Printer attributes of 'now' that 'last' lacks or holds differently, then,
// for each Printer attribute of 'last' that 'now' lacks, an out-of-band delete-attribute of that
// name. Empty when nothing changed. 'last' may be null: then everything in 'now' is new.
ipp::IppPtr changed_attributes(ipp_t* last, ipp_t* now);

// The number of named attributes in 'message'.
int attribute_count(ipp_t* message);

}  // namespace printlink::daemon::cloud
