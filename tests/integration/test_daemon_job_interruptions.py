"""A cloud job on real parts when something gives way in the middle (docs/protocol.md §7.5):
the connection to the cloud cut while the document streams, cupsd restarted alone while the
job prints, a client's cancel while the local job prints. Each time the job prints once and
whole, or not at all, and its end reaches the cloud."""

import hashlib

from printlink_support import ipp_wire as ipp
from printlink_support.agent_bus import LINK
from printlink_support.cupsd import Cupsd
from printlink_support.cutting_relay import CuttingRelay
from printlink_support.waiting import wait_until

from test_daemon_jobs import (REACT, _pdf, active_jobs, assert_printed_once, client, local_job_of,
                              print_pdf, wait_cloud_state)


def hold_printing(stack, held: bool):
    """While held, the record backend keeps the job it read in processing."""
    hold = stack.cupsd.jobs_dir / "hold"
    if held:
        hold.touch()
    else:
        hold.unlink(missing_ok=True)


def local_state(stack, cloud_job: int) -> str:
    for entry in active_jobs(stack):
        if entry[0] == cloud_job:
            return entry[2]
    return ""


def test_a_connection_cut_mid_document_is_fetched_again_and_prints_once_whole(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    # printlinkd reaches the cloud through a relay that cuts the first Fetch-Document answer
    # after 256 KiB of its 1 MiB-odd document.
    relay = CuttingRelay(stack.cloud.port, ipp.FETCH_DOCUMENT, cut_after=256 * 1024).start()
    try:
        stack.daemon.stop()
        stack.daemon.settings.printer_uri = stack.printer.printer_uri.replace(
            f":{stack.cloud.port}/", f":{relay.port}/")
        stack.daemon.prepare()
        stack.daemon.start()
        stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
        document = _pdf(20)
        assert len(document) > 1 << 20
        job = print_pdf(stack, document, "cut.pdf")

        assert_printed_once(stack, job, document, timeout=60)
        assert relay.cuts == 1
        log = stack.daemon.process.log_text()
        assert "attempt 1 of 5" in log, log[-2000:]
    finally:
        relay.stop()


def test_a_restart_of_cupsd_alone_while_the_job_prints_prints_it_once(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    hold_printing(stack, True)
    document = _pdf(2)
    job = print_pdf(stack, document, "cupsd-restart.pdf")
    wait_until(lambda: local_state(stack, job) == "processing", REACT, "the local job printing")

    stack.cupsd.stop()
    hold_printing(stack, False)
    stack.cupsd.start()

    assert_printed_once(stack, job, document, timeout=60)
    wait_until(lambda: active_jobs(stack) == [], REACT, "no active job on D-Bus")


def test_a_cloud_cancel_while_the_local_job_prints_stops_it(make_stack):
    stack = make_stack()
    stack.agent.wait_for(LINK, "State", lambda s: s == "online", REACT)
    hold_printing(stack, True)
    job = print_pdf(stack, _pdf(1), "stop-printing.pdf")
    wait_until(lambda: local_state(stack, job) == "processing", REACT, "the local job printing")
    local = local_job_of(stack, job)

    answer = client(stack).cancel_job(job)
    assert answer.ok, answer
    wait_cloud_state(stack, job, ipp.JOB_CANCELED)
    reasons = client(stack).get_job_attributes(job, ["job-state-reasons"]).values("job-state-reasons")
    assert "job-canceled-by-user" in reasons, reasons
    completed = stack.cupsd.run_client(["lpstat", "-W", "completed", "-o", Cupsd.QUEUE]).stdout
    assert f"{Cupsd.QUEUE}-{local}" in completed, completed
    hold_printing(stack, False)
    assert stack.cupsd.recorded_jobs() == []
