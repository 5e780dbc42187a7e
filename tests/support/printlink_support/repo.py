"""A firmware repository made the way a vendor makes one: `printlink-fwrepo keygen` once,
then `printlink-fwrepo publish` per image (docs/protocol.md §5)."""

import hashlib
import json
import random
import subprocess
from pathlib import Path

from .paths import program


class PublishedImage:
    def __init__(self, component: str, version: str, source: Path, repo_dir: Path):
        self.component = component
        self.version = version
        self.source = source          # the bytes as published (what must end up installed)
        self.data = source.read_bytes()
        self.size = len(self.data)
        self.sha256 = hashlib.sha256(self.data).hexdigest()
        self.relative_url = f"images/{component}-{version}.bin"
        self.repo_path = repo_dir / self.relative_url

    @property
    def uri_path(self) -> str:
        """The request path nginx logs for this image."""
        return "/" + self.relative_url


class Repo:
    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        self.dir = self.workdir / "repo"
        self.keys_dir = self.workdir / "keys"
        self.sources_dir = self.workdir / "image-sources"

    @property
    def private_key(self) -> Path:
        return self.keys_dir / "catalog-key.pem"

    @property
    def public_key(self) -> Path:
        return self.keys_dir / "catalog-key.pub.pem"

    @property
    def catalog_path(self) -> Path:
        return self.dir / "catalog.json"

    def create(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        self.sources_dir.mkdir(parents=True, exist_ok=True)
        self._fwrepo("keygen", "--out", self.keys_dir)
        if not self.private_key.is_file() or not self.public_key.is_file():
            raise AssertionError(f"printlink-fwrepo keygen did not write {self.private_key} "
                                 f"and {self.public_key}")
        return self

    def publish(self, component: str, version: str, model: str, size: int, *extra_args,
                data: bytes = None) -> PublishedImage:
        """Publishes `size` reproducible pseudo-random bytes as component/version, or `data`
        (an update in an installer's own format: a .swu, a RAUC bundle)."""
        source = self.sources_dir / f"{component}-{version}.bin"
        if data is not None:
            source.write_bytes(data)
        else:
            _write_reproducible(source, f"{component}-{version}", size)
        self._fwrepo("publish", source, "--repo", self.dir, "--key", self.private_key,
                     "--name", component, "--version", version, "--model", model, *extra_args)
        image = PublishedImage(component, version, source, self.dir)
        entry = self.catalog_entry(component, version)
        if entry is None or entry.get("sha256") != image.sha256 or entry.get("size") != image.size:
            raise AssertionError(f"catalog entry for {component} {version} does not describe "
                                 f"the published image: {entry}")
        return image

    def tamper(self, image: PublishedImage):
        """Replaces the served image with different bytes of the same size, leaving the
        signed catalog (and so its sha256) as it was: what an attacker or a broken mirror
        would serve."""
        data = bytearray(image.repo_path.read_bytes())
        middle = len(data) // 2
        for i in range(middle, min(middle + 4096, len(data))):
            data[i] ^= 0xA5
        image.repo_path.write_bytes(bytes(data))

    def catalog(self) -> dict:
        return json.loads(self.catalog_path.read_text())

    def catalog_entry(self, component: str, version: str):
        for entry in self.catalog().get("images", []):
            if entry.get("component") == component and entry.get("version") == version:
                return entry
        return None

    def _fwrepo(self, *args):
        argv = [str(program("printlink-fwrepo"))] + [str(a) for a in args]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(argv)} failed ({result.returncode}):\n"
                                 f"{result.stdout}{result.stderr}")
        return result.stdout


def _write_reproducible(path: Path, seed: str, size: int, chunk: int = 64 << 20):
    """`size` pseudo-random bytes from `seed`, written a chunk at a time: one randbytes() call
    cannot make a 1 GiB image, and holding one would cost a test 1 GiB of memory."""
    generator = random.Random(seed)
    with open(path, "wb") as out:
        for offset in range(0, size, chunk):
            out.write(generator.randbytes(min(chunk, size - offset)))

