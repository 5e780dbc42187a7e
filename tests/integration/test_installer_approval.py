"""The root installer does not take printlinkd's word for the image (docs/protocol.md §5):
`printlinkctl install-staged` verifies the signed catalog kept beside the staged image with
the root-owned catalog key right before the flash. Here printlinkd is made to behave as a
compromised daemon would, on real parts: while the update waits at the installer, its staged
image, its record's sha256 and size, and the kept catalog are all swapped, consistently, for
an image published in a repository signed by another key."""

import json

from printlink_support.repo import Repo
from printlink_support.stack import COMPONENT, FACTORY_VERSION, LATEST_VERSION, MODEL
from printlink_support.waiting import wait_until

REACT = 30
FINISH = 90


def test_a_substituted_image_with_a_foreign_signature_is_never_flashed(make_stack, tmp_path):
    stack = make_stack(hold_install=True)
    daemon = stack.daemon
    admin = stack.session("admin")
    wait_until(lambda: admin.printer_page(stack.printer.printer_id).has_update_button, REACT,
               "the page to offer the update")
    assert admin.press_update(stack.printer.printer_id).status == 303
    stack.agent.wait_for_firmware_state("draining", "installing", timeout=REACT)
    wait_until(stack.runner.triggered, REACT, "the install trigger file")

    staged = daemon.state_dir / "staged"
    stem = f"{COMPONENT}-{LATEST_VERSION}"
    kept_catalog = staged / f"{stem}.catalog.json"
    kept_signature = staged / f"{stem}.catalog.json.sig"
    # printlinkd kept exactly what it verified against.
    assert kept_catalog.read_bytes() == stack.repo.catalog_path.read_bytes()
    assert kept_signature.read_bytes() == (stack.repo.dir / "catalog.json.sig").read_bytes()

    # The attacker's repository: same component, version and model, its own key and bytes.
    forged_repo = Repo(tmp_path / "forged").create()
    forged = forged_repo.publish(COMPONENT, LATEST_VERSION, MODEL, 0,
                                 data=b"not the vendor's firmware\n" * 4096)
    assert forged.sha256 != stack.image.sha256

    daemon.kill()
    (staged / f"{stem}.bin").write_bytes(forged.data)
    kept_catalog.write_bytes(forged_repo.catalog_path.read_bytes())
    kept_signature.write_bytes((forged_repo.dir / "catalog.json.sig").read_bytes())
    record_path = daemon.state_dir / "firmware-state.json"
    record = json.loads(record_path.read_text())
    assert record["state"] == "draining", record
    record["image"].update(sha256=forged.sha256, size=forged.size)
    record_path.write_text(json.dumps(record))
    daemon.start()

    # printlinkd (restarted in draining) asks for the installer again and hands over the
    # forged image with a matching claim; install-staged must refuse it.
    stack.agent.wait_for_firmware_state("draining", "installing", timeout=REACT)
    stack.runner.release()
    stack.agent.wait_for_firmware_state("failed", timeout=FINISH)
    error = stack.agent.last_error()
    assert "signature" in error, error
    wait_until(lambda: stack.runner.runs, REACT, "install-staged to end")
    assert [run.returncode for run in stack.runner.runs] == [1], stack.runner.runs
    assert "signature" in stack.runner.runs[0].output

    assert not daemon.slot(COMPONENT).exists(), "the installer wrote a slot"
    assert daemon.installs_log() == ""
    assert daemon.installed_version(COMPONENT) == FACTORY_VERSION
    # The failure reaches the cloud; the staged image and the kept catalog are gone.
    wait_until(lambda: admin.printer_page(stack.printer.printer_id).update_failed, REACT,
               "the page to show the failure")
    assert sorted(p.name for p in staged.iterdir()) == []
