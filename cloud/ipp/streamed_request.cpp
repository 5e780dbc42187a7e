#include "cloud/ipp/streamed_request.h"

#include "cloud/ipp/request_document.h"

#include <algorithm>

namespace printlink::cloud {

StreamedRequest::StreamedRequest(Limits limits, std::optional<DocumentSpool> spool)
    : limits_(limits), spool_(std::move(spool)) {}

void StreamedRequest::take(std::string_view chunk) {
    if (too_large_ || finished_ || chunk.empty()) return;
    body_size_ += static_cast<std::int64_t>(chunk.size());
    if (body_size_ > limits_.body_bytes) {
        refuse_as_too_large();
        return;
    }
    if (message_) {
        take_document_bytes(chunk);
        return;
    }
    buffer_.append(chunk);
    // Parsed again only each time the buffer doubles (or reaches the bound), so a message
    // arriving in many small chunks costs linear time, not quadratic.
    if (buffer_.size() >= next_parse_at_ || buffer_.size() >= limits_.message_bytes) try_parse();
    if (!message_ && buffer_.size() >= limits_.message_bytes) refuse_as_too_large();
}

void StreamedRequest::finish() {
    if (finished_) return;
    finished_ = true;
    if (!too_large_ && !message_) try_parse();
    buffer_.clear();
    buffer_.shrink_to_fit();
}

void StreamedRequest::try_parse() {
    std::size_t message_size = 0;
    message_ = parse_ipp_prefix(buffer_.data(), buffer_.size(), message_size);
    if (!message_) {
        next_parse_at_ = std::max<std::size_t>(buffer_.size() * 2, 1);
        return;
    }
    if (message_size > limits_.message_bytes) {
        refuse_as_too_large();
        return;
    }
    const std::string rest = buffer_.substr(message_size);
    buffer_.clear();
    buffer_.shrink_to_fit();
    take_document_bytes(rest);
}

void StreamedRequest::take_document_bytes(std::string_view bytes) {
    if (bytes.empty() || !spool_ || spool_error_) return;
    if (!document_) {
        auto created = SpoolPart::create(*spool_);
        if (!created) {
            spool_error_ = created.error();
            return;
        }
        document_ = std::move(*created);
    }
    if (auto written = document_->append(bytes); !written) {
        spool_error_ = written.error();
        document_.reset();
    }
}

void StreamedRequest::refuse_as_too_large() {
    too_large_ = true;
    message_.reset();
    document_.reset();
    buffer_.clear();
    buffer_.shrink_to_fit();
}

}  // namespace printlink::cloud
