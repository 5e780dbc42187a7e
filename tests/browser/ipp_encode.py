"""Just enough IPP (RFC 8010) to play a printer's part towards printlink-cloud in the browser
test: build a request with an operation group and a printer group, and read the status of the
answer. Only the value syntaxes the device reports use are here; libcups stays out so the test
needs nothing but Python's standard library."""

import struct
from dataclasses import dataclass, field

IPP_VERSION = (2, 0)

# Delimiter tags (RFC 8010 §3.5.1).
OPERATION_GROUP = 0x01
END_OF_ATTRIBUTES = 0x03
PRINTER_GROUP = 0x04

# Value tags (RFC 8010 §3.5.2).
INTEGER = 0x21
ENUM = 0x23
OCTET_STRING = 0x30
TEXT = 0x41  # textWithoutLanguage
NAME = 0x42  # nameWithoutLanguage
KEYWORD = 0x44
URI = 0x45
CHARSET = 0x47
NATURAL_LANGUAGE = 0x48

_STRING_TAGS = {TEXT, NAME, KEYWORD, URI, CHARSET, NATURAL_LANGUAGE}

# Operations (RFC 8011 §5.4, PWG 5100.18 §7.1, docs/protocol.md §3).
UPDATE_OUTPUT_DEVICE_ATTRIBUTES = 0x0049
ACKNOWLEDGE_UPDATE_FIRMWARE = 0x4F50

# Printer states (RFC 8011 §5.4.11).
PRINTER_IDLE = 3
PRINTER_PROCESSING = 4
PRINTER_STOPPED = 5


def firmware_version_octets(version: str) -> bytes:
    """printer-firmware-version (PWG 5100.13 §6.6.8): each dotted component as a 16-bit
    big-endian number, so "82.70" is 00 52 00 46."""
    parts = version.split(".")
    if not version or not all(p.isdigit() and int(p) <= 0xFFFF for p in parts):
        raise ValueError(f"not a dotted numeric firmware version: {version!r}")
    return b"".join(struct.pack(">H", int(p)) for p in parts)


def _value_bytes(tag: int, value) -> bytes:
    if tag in (INTEGER, ENUM):
        return struct.pack(">i", value)
    if tag == OCTET_STRING:
        return bytes(value)
    if tag in _STRING_TAGS:
        return value.encode("utf-8")
    raise ValueError(f"value tag 0x{tag:02x} is not supported by this encoder")


@dataclass
class Attribute:
    tag: int
    name: str
    values: list  # one or more; an empty string is a valid text value


@dataclass
class IppRequest:
    operation: int
    request_id: int = 1
    groups: list = field(default_factory=list)  # [(group tag, [Attribute])]

    def group(self, tag: int) -> list:
        """The attribute list of a new group with this delimiter tag."""
        attributes = []
        self.groups.append((tag, attributes))
        return attributes

    def encode(self) -> bytes:
        out = bytearray(struct.pack(">BBHi", *IPP_VERSION, self.operation, self.request_id))
        for group_tag, attributes in self.groups:
            out.append(group_tag)
            for attribute in attributes:
                if not attribute.values:
                    raise ValueError(f"{attribute.name} has no value")
                name = attribute.name.encode("ascii")
                for index, value in enumerate(attribute.values):
                    data = _value_bytes(attribute.tag, value)
                    # Additional values repeat the tag with an empty name (RFC 8010 §3.1.5).
                    encoded_name = name if index == 0 else b""
                    out += struct.pack(">BH", attribute.tag, len(encoded_name)) + encoded_name
                    out += struct.pack(">H", len(data)) + data
        out.append(END_OF_ATTRIBUTES)
        return bytes(out)


def operation_group(request: IppRequest, printer_uri: str, output_device_uuid: str) -> list:
    """Opens the operation group the way RFC 8011 §4.1.4 wants it (charset, then language)
    followed by the target and the device's identity (PWG 5100.18 §4.2)."""
    attributes = request.group(OPERATION_GROUP)
    attributes += [
        Attribute(CHARSET, "attributes-charset", ["utf-8"]),
        Attribute(NATURAL_LANGUAGE, "attributes-natural-language", ["en"]),
        Attribute(URI, "printer-uri", [printer_uri]),
        Attribute(URI, "output-device-uuid", [output_device_uuid]),
    ]
    return attributes


@dataclass
class IppResponse:
    status: int
    request_id: int
    status_message: str = ""

    @property
    def successful(self) -> bool:
        return self.status < 0x0100  # successful-ok and its variants (RFC 8011 §B.1.1)


def decode_response(data: bytes) -> IppResponse:
    """The status code, request id and status-message of an IPP response."""
    if len(data) < 9:
        raise ValueError(f"an IPP response has at least 9 bytes, got {len(data)}")
    _major, _minor, status, request_id = struct.unpack(">BBHi", data[:8])
    response = IppResponse(status, request_id)
    pos = 8
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END_OF_ATTRIBUTES:
            break
        if tag < 0x10:  # another group begins
            continue
        if pos + 2 > len(data):
            raise ValueError("truncated attribute name length")
        (name_length,) = struct.unpack(">H", data[pos:pos + 2])
        name = data[pos + 2:pos + 2 + name_length].decode("utf-8", "replace")
        pos += 2 + name_length
        if pos + 2 > len(data):
            raise ValueError("truncated attribute value length")
        (value_length,) = struct.unpack(">H", data[pos:pos + 2])
        value = data[pos + 2:pos + 2 + value_length]
        pos += 2 + value_length
        if name == "status-message" and tag in _STRING_TAGS:
            response.status_message = value.decode("utf-8", "replace")
    return response
