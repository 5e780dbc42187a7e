"""RFC 8010 on the wire, for tests that play a Proxy or a client against printlink-cloud with
nothing but the standard library: build a request from groups of attributes, read a response
into its status, its groups (in order) and the bytes after the message (a fetched document).

Values are Python values chosen by the value tag: int (integer, enum), bool (boolean), str
(text, name, keyword, uri, charset, naturalLanguage, mimeMediaType, memberAttrName), bytes
(octetString and tags this module does not know), Range, Resolution, datetime (dateTime),
Collection, OutOfBand (unsupported, unknown, no-value, not-settable, delete-attribute,
admin-define), and LocalizedString (textWithLanguage, nameWithLanguage)."""

import datetime
import struct
from dataclasses import dataclass, field
from typing import Iterable, Iterator, NamedTuple, Optional

# Delimiter tags (RFC 8010 §3.5.1).
OPERATION_GROUP = 0x01
JOB_GROUP = 0x02
END_OF_ATTRIBUTES = 0x03
PRINTER_GROUP = 0x04
UNSUPPORTED_GROUP = 0x05
SUBSCRIPTION_GROUP = 0x06
EVENT_NOTIFICATION_GROUP = 0x07
DOCUMENT_GROUP = 0x09

# Out-of-band value tags (RFC 8010 §3.5.2, RFC 3380 §8.1 for not-settable, delete-attribute
# and admin-define).
UNSUPPORTED = 0x10
UNKNOWN = 0x12
NO_VALUE = 0x13
NOT_SETTABLE = 0x15
DELETE_ATTRIBUTE = 0x16
ADMIN_DEFINE = 0x17
_OUT_OF_BAND = {UNSUPPORTED, UNKNOWN, NO_VALUE, NOT_SETTABLE, DELETE_ATTRIBUTE, ADMIN_DEFINE}

# Value tags (RFC 8010 §3.5.2).
INTEGER = 0x21
BOOLEAN = 0x22
ENUM = 0x23
OCTET_STRING = 0x30
DATE_TIME = 0x31
RESOLUTION = 0x32
RANGE_OF_INTEGER = 0x33
BEGIN_COLLECTION = 0x34
TEXT_WITH_LANGUAGE = 0x35
NAME_WITH_LANGUAGE = 0x36
END_COLLECTION = 0x37
TEXT = 0x41  # textWithoutLanguage
NAME = 0x42  # nameWithoutLanguage
KEYWORD = 0x44
URI = 0x45
URI_SCHEME = 0x46
CHARSET = 0x47
NATURAL_LANGUAGE = 0x48
MIME_MEDIA_TYPE = 0x49
MEMBER_ATTR_NAME = 0x4A

_STRING_TAGS = {TEXT, NAME, KEYWORD, URI, URI_SCHEME, CHARSET, NATURAL_LANGUAGE,
                MIME_MEDIA_TYPE, MEMBER_ATTR_NAME}

# Operations (RFC 8011 §5.4.15, RFC 3995 §7.1, RFC 3996 §9.2, PWG 5100.18 §14.3).
PRINT_JOB = 0x0002
VALIDATE_JOB = 0x0004
CREATE_JOB = 0x0005
SEND_DOCUMENT = 0x0006
CANCEL_JOB = 0x0008
GET_JOB_ATTRIBUTES = 0x0009
GET_JOBS = 0x000A
GET_PRINTER_ATTRIBUTES = 0x000B
CREATE_PRINTER_SUBSCRIPTIONS = 0x0016
CANCEL_SUBSCRIPTION = 0x001B
GET_NOTIFICATIONS = 0x001C
ACKNOWLEDGE_DOCUMENT = 0x003F
ACKNOWLEDGE_JOB = 0x0041
FETCH_DOCUMENT = 0x0042
FETCH_JOB = 0x0043
UPDATE_ACTIVE_JOBS = 0x0045
DEREGISTER_OUTPUT_DEVICE = 0x0046
UPDATE_DOCUMENT_STATUS = 0x0047
UPDATE_JOB_STATUS = 0x0048
UPDATE_OUTPUT_DEVICE_ATTRIBUTES = 0x0049
ACKNOWLEDGE_UPDATE_FIRMWARE = 0x4F50  # printlink's vendor operation (docs/protocol.md §3)

# Status codes (RFC 8011 §B.1, PWG 5100.18 §10.1).
SUCCESSFUL_OK = 0x0000
SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED = 0x0001
CLIENT_ERROR_BAD_REQUEST = 0x0400
CLIENT_ERROR_FORBIDDEN = 0x0401
CLIENT_ERROR_NOT_POSSIBLE = 0x0404
CLIENT_ERROR_NOT_FOUND = 0x0406
CLIENT_ERROR_NOT_FETCHABLE = 0x0420

# job-state (RFC 8011 §5.3.7) and printer-state (§5.4.11).
JOB_PENDING, JOB_PENDING_HELD, JOB_PROCESSING, JOB_PROCESSING_STOPPED = 3, 4, 5, 6
JOB_CANCELED, JOB_ABORTED, JOB_COMPLETED = 7, 8, 9
PRINTER_IDLE, PRINTER_PROCESSING, PRINTER_STOPPED = 3, 4, 5

# Resolution units (RFC 8011 §5.1.16).
DOTS_PER_INCH = 3
DOTS_PER_CM = 4


class Range(NamedTuple):
    lower: int
    upper: int


class Resolution(NamedTuple):
    cross_feed: int
    feed: int
    units: int = DOTS_PER_INCH


class LocalizedString(NamedTuple):
    language: str
    text: str


class OutOfBand(NamedTuple):
    tag: int


@dataclass(init=False)
class Attribute:
    name: str
    tag: int
    values: list

    def __init__(self, name: str, tag: int, values=None):
        """values: one value or a list of them (a collection value is a Collection);
        out-of-band tags take none."""
        self.name = name
        self.tag = tag
        if tag in _OUT_OF_BAND and values is None:
            values = [OutOfBand(tag)]
        self.values = list(values) if isinstance(values, list) else [values]

    @property
    def value(self):
        return self.values[0] if self.values else None


class Collection(dict):
    """A collection value (RFC 8010 §3.1.6): member name -> Attribute, in the order sent."""

    @classmethod
    def of(cls, *members: Attribute) -> "Collection":
        return cls((m.name, m) for m in members)

    def value(self, name: str, default=None):
        member = self.get(name)
        return member.value if member else default


@dataclass
class Group:
    tag: int
    attributes: list = field(default_factory=list)  # [Attribute] in wire order

    def get(self, name: str) -> Optional[Attribute]:
        return next((a for a in self.attributes if a.name == name), None)


# --- encoding -------------------------------------------------------------------------------

def _date_time_bytes(value: datetime.datetime) -> bytes:
    """RFC 2579 DateAndTime, the 11-octet form RFC 8010 §3.9 uses."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    offset = value.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = b"+" if minutes >= 0 else b"-"
    return struct.pack(">HBBBBBB", value.year, value.month, value.day, value.hour, value.minute,
                       value.second, value.microsecond // 100000) + sign + \
        bytes([abs(minutes) // 60, abs(minutes) % 60])


def _value_bytes(tag: int, value) -> bytes:
    if tag in _OUT_OF_BAND:
        return b""
    if tag in (INTEGER, ENUM):
        return struct.pack(">i", value)
    if tag == BOOLEAN:
        return b"\x01" if value else b"\x00"
    if tag == RESOLUTION:
        return struct.pack(">iib", *Resolution(*value))
    if tag == RANGE_OF_INTEGER:
        return struct.pack(">ii", *value)
    if tag == DATE_TIME:
        return _date_time_bytes(value)
    if tag in (TEXT_WITH_LANGUAGE, NAME_WITH_LANGUAGE):
        localized = LocalizedString(*value)
        language, text = localized.language.encode("utf-8"), localized.text.encode("utf-8")
        return struct.pack(">H", len(language)) + language + struct.pack(">H", len(text)) + text
    if tag in _STRING_TAGS:
        return value.encode("utf-8")
    return bytes(value)  # octetString, and tags the caller encodes itself


def _field(tag: int, name: str, data: bytes) -> bytes:
    encoded = name.encode("utf-8")
    return struct.pack(">BH", tag, len(encoded)) + encoded + struct.pack(">H", len(data)) + data


def _collection_bytes(name: str, members: Iterable[Attribute]) -> bytes:
    out = bytearray(_field(BEGIN_COLLECTION, name, b""))
    for member in members:
        out += _field(MEMBER_ATTR_NAME, "", member.name.encode("utf-8"))
        out += _attribute_bytes(member, member_name="")
    out += _field(END_COLLECTION, "", b"")
    return bytes(out)


def _attribute_bytes(attribute: Attribute, member_name: Optional[str] = None) -> bytes:
    """The attribute with its additional values (RFC 8010 §3.1.5); inside a collection the
    name field stays empty (§3.1.7)."""
    out = bytearray()
    for i, value in enumerate(attribute.values):
        name = attribute.name if i == 0 and member_name is None else ""
        if attribute.tag == BEGIN_COLLECTION:
            out += _collection_bytes(name, value.values())
        else:
            out += _field(attribute.tag, name, _value_bytes(attribute.tag, value))
    return bytes(out)


def encode(operation: int, groups: Iterable[Group], request_id: int = 1,
           version=(2, 0)) -> bytes:
    """An IPP request (or response, with a status code for 'operation')."""
    out = bytearray(struct.pack(">BBHi", version[0], version[1], operation, request_id))
    for group in groups:
        out.append(group.tag)
        for attribute in group.attributes:
            out += _attribute_bytes(attribute)
    out.append(END_OF_ATTRIBUTES)
    return bytes(out)


# --- decoding -------------------------------------------------------------------------------

class IppParseError(ValueError):
    pass


def _date_time_value(raw: bytes) -> datetime.datetime:
    year, month, day, hour, minute, second, deci = struct.unpack(">HBBBBBB", raw[:8])
    offset = datetime.timedelta(hours=raw[9], minutes=raw[10])
    zone = datetime.timezone(offset if raw[8:9] == b"+" else -offset)
    return datetime.datetime(year, month, day, hour, minute, second, deci * 100000, zone)


def _decode_value(tag: int, raw: bytes):
    if tag in _OUT_OF_BAND:
        return OutOfBand(tag)
    if tag in (INTEGER, ENUM) and len(raw) == 4:
        return struct.unpack(">i", raw)[0]
    if tag == BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if tag == RESOLUTION and len(raw) == 9:
        return Resolution(*struct.unpack(">iib", raw))
    if tag == RANGE_OF_INTEGER and len(raw) == 8:
        return Range(*struct.unpack(">ii", raw))
    if tag == DATE_TIME and len(raw) == 11:
        return _date_time_value(raw)
    if tag in (TEXT_WITH_LANGUAGE, NAME_WITH_LANGUAGE) and len(raw) >= 4:
        (n,) = struct.unpack(">H", raw[:2])
        language = raw[2:2 + n].decode("utf-8", "replace")
        (m,) = struct.unpack(">H", raw[2 + n:4 + n])
        return LocalizedString(language, raw[4 + n:4 + n + m].decode("utf-8", "replace"))
    if tag in _STRING_TAGS:
        return raw.decode("utf-8", "replace")
    if tag in (INTEGER, ENUM, BOOLEAN, RESOLUTION, RANGE_OF_INTEGER, DATE_TIME):
        raise IppParseError(f"value tag 0x{tag:02x} with {len(raw)} octets")
    return raw


class _Reader:
    def __init__(self, data: bytes, pos: int):
        self.data = data
        self.pos = pos

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise IppParseError("the message ends before end-of-attributes-tag")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def chunk(self) -> bytes:
        if self.pos + 2 > len(self.data):
            raise IppParseError("truncated length field")
        (n,) = struct.unpack(">H", self.data[self.pos:self.pos + 2])
        start = self.pos + 2
        if start + n > len(self.data):
            raise IppParseError("a field runs past the end of the message")
        self.pos = start + n
        return self.data[start:start + n]

    def field(self):
        """(name, raw value) of the attribute field whose tag was just read."""
        return self.chunk().decode("utf-8", "replace"), self.chunk()

    def collection(self) -> Collection:
        """Members up to the matching endCollection (the begCollection field is read)."""
        members = Collection()
        current = None
        while True:
            tag = self.byte()
            _, raw = self.field()
            if tag == END_COLLECTION:
                return members
            if tag == MEMBER_ATTR_NAME:
                current = raw.decode("utf-8", "replace")
                continue
            if current is None:
                raise IppParseError("a collection value without memberAttrName")
            value = self.collection() if tag == BEGIN_COLLECTION else _decode_value(tag, raw)
            if current in members:
                members[current].values.append(value)
            else:
                members[current] = Attribute(current, tag, [value])


@dataclass
class IppResponse:
    version: tuple
    status: int  # the operation code, when a request is decoded
    request_id: int
    groups: list  # [Group] in order; repeated group tags stay separate (events, subscriptions)
    data: bytes = b""  # what follows end-of-attributes-tag (Fetch-Document's document)

    @property
    def ok(self) -> bool:
        return self.status < 0x0100  # successful-ok and its variants (RFC 8011 §B.1.2)

    def groups_of(self, tag: int) -> list:
        return [g for g in self.groups if g.tag == tag]

    def attribute(self, name: str, group: Optional[int] = None) -> Optional[Attribute]:
        for g in self.groups:
            if group is None or g.tag == group:
                found = g.get(name)
                if found:
                    return found
        return None

    def values(self, name: str, group: Optional[int] = None) -> list:
        """Every value of the first attribute of that name ([] when absent)."""
        found = self.attribute(name, group)
        return list(found.values) if found else []

    def value(self, name: str, group: Optional[int] = None, default=None):
        found = self.attribute(name, group)
        return found.value if found else default

    def __iter__(self) -> Iterator[Attribute]:
        for g in self.groups:
            yield from g.attributes

    def __repr__(self):
        message = self.value("status-message", OPERATION_GROUP)
        return f"<IPP 0x{self.status:04x}{' ' + message if message else ''}>"


def decode(data: bytes) -> IppResponse:
    if len(data) < 9:
        raise IppParseError(f"{len(data)} octets are no IPP message")
    major, minor, status, request_id = struct.unpack(">BBHi", data[:8])
    reader = _Reader(data, 8)
    groups, group, last = [], None, None
    while True:
        tag = reader.byte()
        if tag == END_OF_ATTRIBUTES:
            break
        if tag < 0x10:  # a delimiter: a new group begins
            group = Group(tag)
            groups.append(group)
            last = None
            continue
        if group is None:
            raise IppParseError("an attribute before the first group tag")
        name, raw = reader.field()
        value = reader.collection() if tag == BEGIN_COLLECTION else _decode_value(tag, raw)
        if name:
            last = Attribute(name, tag, [value])
            group.attributes.append(last)
        elif last is not None:
            last.values.append(value)  # an additional value (RFC 8010 §3.1.5)
        else:
            raise IppParseError("an additional value without an attribute")
    return IppResponse((major, minor), status, request_id, groups, data[reader.pos:])
