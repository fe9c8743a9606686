"""Fixtures shared by python/tests."""
from __future__ import annotations

import os

import pytest


def _full_tmpfs(tmp_path, free_bytes):
    """A 200 KB tmpfs mounted on tmp_path / "disk" with about free_bytes left (root only)."""
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("the disk-full test mounts a small tmpfs, which needs root (CI runs it as root)")
    disk = tmp_path / "disk"
    disk.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(disk)], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        pytest.skip(f"no tmpfs can be mounted here: {proc.stderr.strip()}")
    st = os.statvfs(disk)
    (disk / "filler").write_bytes(b"\0" * (st.f_bavail * st.f_frsize - free_bytes))
    return disk


@pytest.fixture
def full_disk(tmp_path):
    disks = []

    def make(free_bytes):
        disks.append(_full_tmpfs(tmp_path, free_bytes))
        return disks[-1]

    yield make
    import subprocess

    for d in disks:
        subprocess.run(["umount", "-l", str(d)], check=False)
