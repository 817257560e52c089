"""Big output files written around the page cache, in whole blocks, through it where refused."""

import errno
import os

import pytest

from redtrace.store import unbuffered
from redtrace.store.unbuffered import UnbufferedFile

DATA = bytes(range(256)) * 70  # 17,920 bytes: four whole 4 KiB blocks and a part of one


def write_pieces(path, sizes=(1, 4095, 3, 9000, 17)):
    with UnbufferedFile(path, block=4096) as out:
        at = 0
        for size in sizes:
            out.write(DATA[at: at + size])
            at += size
        out.write(memoryview(DATA)[at:])


def test_bytes_across_blocks_and_the_last_part_block_are_written_in_order(tmp_path):
    write_pieces(tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == DATA


def test_an_existing_file_is_replaced(tmp_path):
    (tmp_path / "out").write_bytes(b"x" * 50_000)
    write_pieces(tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == DATA


def opens_direct(folder) -> bool:
    try:
        os.close(os.open(folder / "probe", os.O_WRONLY | os.O_CREAT | os.O_DIRECT, 0o644))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not getattr(os, "O_DIRECT", 0), reason="no direct I/O on this system")
def test_a_file_system_refusing_direct_writes_gets_them_through_the_cache(tmp_path, monkeypatch):
    import fcntl

    if not opens_direct(tmp_path):
        pytest.skip("this file system refuses direct I/O when the file is opened")

    write, refused = os.write, []

    def refuse_direct(fd, data):
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT:
            refused.append(len(data))
            raise OSError(errno.EINVAL, "Invalid argument")
        return write(fd, data)

    monkeypatch.setattr(unbuffered.os, "write", refuse_direct)
    write_pieces(tmp_path / "out")
    assert refused == [4096]  # the first block, once; then every block through the cache
    assert (tmp_path / "out").read_bytes() == DATA


def test_other_write_errors_are_raised(tmp_path, monkeypatch):
    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(unbuffered.os, "write", full)
    with pytest.raises(OSError, match="No space"):
        write_pieces(tmp_path / "out")


@pytest.mark.skipif(not getattr(os, "O_DIRECT", 0), reason="no direct I/O on this system")
def test_a_file_system_refusing_direct_io_at_open_gets_a_cached_file(tmp_path, monkeypatch):
    opened, refused = os.open, []

    def refuse_direct(path, flags, mode=0o777):
        if flags & os.O_DIRECT:
            refused.append(path)
            raise OSError(errno.EINVAL, "Invalid argument")
        return opened(path, flags, mode)

    monkeypatch.setattr(unbuffered.os, "open", refuse_direct)
    write_pieces(tmp_path / "out")
    assert refused == [tmp_path / "out"]
    assert (tmp_path / "out").read_bytes() == DATA
