"""A printer's side of docs/protocol.md §4 without a printer: the Update-Output-Device-Attributes
and Acknowledge-Update-Firmware requests printlinkd would send, POSTed to printlink-cloud with
the printer's Bearer token. The browser test uses it to put the management page in each state.

As a command (what management_page.test.js runs), the printer comes from the fixture file the
driver wrote, so the token never appears on a command line:

  fake_device.py --fixture F --printer main report --state idle --reasons none \
      --model "Example PL-100" --firmware MainController=82.70/83.00
  fake_device.py --fixture F --printer main acknowledge --requesting-user admin

--firmware NAME=VERSION[/LATEST] may repeat (one per component); "/" with nothing after it
reports an empty latest version (nothing newer known).
"""

import argparse
import json
import struct
import sys
import urllib.error
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "support"))

from printlink_support import ipp_wire as ipp  # noqa: E402
from printlink_support.ipp_http import IppConnection, bearer  # noqa: E402


def firmware_version_octets(version: str) -> bytes:
    """printer-firmware-version (PWG 5100.13 §6.6.8): each dotted component as a 16-bit
    big-endian number, so "82.70" is 00 52 00 46."""
    parts = version.split(".")
    if not version or not all(p.isdigit() and int(p) <= 0xFFFF for p in parts):
        raise ValueError(f"not a dotted numeric firmware version: {version!r}")
    return b"".join(struct.pack(">H", int(p)) for p in parts)


@dataclass
class FirmwareComponent:
    name: str
    version: str
    latest: str = ""
    patches: str = ""


@dataclass
class DeviceReport:
    """What one Update-Output-Device-Attributes says; None leaves an attribute as stored."""
    state: int = None
    reasons: list = None
    state_message: str = None
    make_and_model: str = None
    firmware: list = field(default_factory=list)  # [FirmwareComponent]; all five attributes


@dataclass
class Device:
    printer_uri: str  # also where the requests are POSTed (printlink-cloud serves it as http)
    token: str
    output_device_uuid: str

    def __repr__(self):  # never show the token
        return f"<device {self.output_device_uuid} at {self.printer_uri}>"

    def connection(self) -> IppConnection:
        return IppConnection(self.printer_uri, bearer(self.token), timeout=30)


class Request(NamedTuple):
    operation: int
    groups: list  # [ipp.Group]


class IppRefused(AssertionError):
    """printlink-cloud answered with an HTTP error or an unsuccessful IPP status."""


def _operation_group(device: Device, *more: ipp.Attribute) -> ipp.Group:
    """The operation group every request opens with, then the device's identity (PWG 5100.18
    §4.2)."""
    return device.connection().operation_group(
        "printer-uri", ipp.Attribute("output-device-uuid", ipp.URI, device.output_device_uuid),
        *more)


def update_output_device_attributes(device: Device, report: DeviceReport) -> Request:
    printer = ipp.Group(ipp.PRINTER_GROUP)
    if report.state is not None:
        printer.attributes.append(ipp.Attribute("printer-state", ipp.ENUM, report.state))
    if report.reasons is not None:
        printer.attributes.append(
            ipp.Attribute("printer-state-reasons", ipp.KEYWORD, report.reasons or ["none"]))
    if report.state_message is not None:
        printer.attributes.append(
            ipp.Attribute("printer-state-message", ipp.TEXT, report.state_message))
    if report.make_and_model is not None:
        printer.attributes.append(
            ipp.Attribute("printer-make-and-model", ipp.TEXT, report.make_and_model))
    if report.firmware:
        components = report.firmware
        printer.attributes += [
            ipp.Attribute("printer-firmware-name", ipp.NAME, [c.name for c in components]),
            ipp.Attribute("printer-firmware-string-version", ipp.TEXT,
                          [c.version for c in components]),
            ipp.Attribute("printer-firmware-version", ipp.OCTET_STRING,
                          [firmware_version_octets(c.version) for c in components]),
            ipp.Attribute("printer-firmware-patches", ipp.TEXT, [c.patches for c in components]),
            ipp.Attribute("printer-firmware-latest-version", ipp.TEXT,
                          [c.latest for c in components]),
        ]
    return Request(ipp.UPDATE_OUTPUT_DEVICE_ATTRIBUTES, [_operation_group(device), printer])


def acknowledge_update_firmware(device: Device, requesting_user_name: str,
                                requesting_user_uri: str) -> Request:
    return Request(ipp.ACKNOWLEDGE_UPDATE_FIRMWARE, [_operation_group(
        device,
        ipp.Attribute("requesting-user-name", ipp.NAME, requesting_user_name),
        ipp.Attribute("requesting-user-uri", ipp.URI, requesting_user_uri))])


def send(device: Device, request: Request) -> ipp.IppResponse:
    """POSTs the request; raises IppRefused unless the cloud answers with IPP success."""
    try:
        response = device.connection().send(request.operation, request.groups)
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace").strip() if error.fp else ""
        raise IppRefused(f"HTTP {error.code} from {device.printer_uri}: {text}") from None
    if not response.ok:
        raise IppRefused(f"IPP status 0x{response.status:04x} from {device.printer_uri}: "
                         f"{response.value('status-message', ipp.OPERATION_GROUP, '')}")
    return response


def parse_firmware(text: str) -> FirmwareComponent:
    name, sep, versions = text.partition("=")
    version, _slash, latest = versions.partition("/")
    if not sep or not name or not version:
        raise argparse.ArgumentTypeError(f"--firmware wants NAME=VERSION[/LATEST], got {text!r}")
    return FirmwareComponent(name, version, latest)


def parse_state(text: str) -> int:
    states = {"idle": ipp.PRINTER_IDLE, "processing": ipp.PRINTER_PROCESSING,
              "stopped": ipp.PRINTER_STOPPED}
    if text not in states:
        raise argparse.ArgumentTypeError(f"--state takes {', '.join(states)}")
    return states[text]


def device_from_fixture(fixture_path: Path, alias: str) -> tuple:
    fixture = json.loads(Path(fixture_path).read_text())
    printer = fixture["printers"].get(alias)
    if printer is None:
        raise SystemExit(f"fake_device: no printer '{alias}' in {fixture_path}")
    device = Device(printer["printer_uri"], printer["token"], printer["output_device_uuid"])
    return device, fixture


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Send a printer's IPP reports to printlink-cloud.")
    parser.add_argument("--fixture", required=True, type=Path, help="the driver's fixture.json")
    parser.add_argument("--printer", required=True, help="printer alias in the fixture")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="Update-Output-Device-Attributes")
    report.add_argument("--state", type=parse_state)
    report.add_argument("--reasons", help="comma-separated printer-state-reasons ('none' for none)")
    report.add_argument("--message", help="printer-state-message")
    report.add_argument("--model", help="printer-make-and-model")
    report.add_argument("--firmware", type=parse_firmware, action="append", default=[])
    acknowledge = commands.add_parser("acknowledge", help="Acknowledge-Update-Firmware")
    acknowledge.add_argument("--requesting-user", required=True, help="a cloud user name")
    args = parser.parse_args(argv)

    device, fixture = device_from_fixture(args.fixture, args.printer)
    try:
        if args.command == "report":
            reasons = args.reasons.split(",") if args.reasons is not None else None
            send(device, update_output_device_attributes(device, DeviceReport(
                args.state, reasons, args.message, args.model, args.firmware)))
        else:
            user_uri = f"{fixture['cloud_url']}/users/{args.requesting_user}"
            send(device, acknowledge_update_firmware(device, args.requesting_user, user_uri))
    except (IppRefused, OSError) as error:
        print(f"fake_device {args.command}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
