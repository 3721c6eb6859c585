"""The build's caches (playbook_plugin/build_cache.py): an entry is made once however many builds
ask for it at the same time, and only the newest few of an edition are kept."""

from __future__ import annotations

import os
import threading
import time

from playbook_plugin import build_cache


def test_two_builds_asking_for_the_same_entry_at_once_make_it_once(tmp_path):
    entry = tmp_path / "cache" / "public-0123.bin.gz"
    made = []

    def build():
        with build_cache.making(entry):
            if not entry.exists():
                made.append(threading.get_ident())
                time.sleep(0.2)  # long enough for the other build to ask meanwhile
                entry.write_bytes(b"made")

    builds = [threading.Thread(target=build) for _ in range(2)]
    for each in builds:
        each.start()
    for each in builds:
        each.join()
    assert len(made) == 1 and entry.read_bytes() == b"made"


def test_entries_of_other_inputs_are_made_meanwhile(tmp_path):
    first, other = tmp_path / "public-1.zip", tmp_path / "public-2.zip"
    with build_cache.making(first):
        done = threading.Event()

        def build_other():
            with build_cache.making(other):
                done.set()

        threading.Thread(target=build_other).start()
        assert done.wait(5), "a build of other inputs waited for this one"


def test_only_the_newest_entries_of_the_edition_are_kept_each_with_its_lock_and_companions(tmp_path):
    count = build_cache.KEPT + 3
    entries = []
    for n in range(count):
        entry = tmp_path / f"public-{n:02}.bin.gz"
        for path in (entry, entry.with_suffix(".size"), build_cache.lock_of(entry)):
            path.write_text("x")
            os.utime(path, (1_000_000 + n, 1_000_000 + n))
        entries.append(entry)
    other_edition = tmp_path / "internal-00.bin.gz"
    other_edition.write_text("x")
    os.utime(other_edition, (1, 1))
    kept = entries[0]  # the oldest, but the one this build uses
    build_cache.prune(tmp_path, "public-*.bin.gz", keep=kept, companions=(".size",))
    left = sorted(p for p in tmp_path.glob("public-*.bin.gz"))
    assert len(left) == build_cache.KEPT
    assert kept in left and entries[-1] in left and entries[1] not in left
    for entry in entries:
        companions = (entry.with_suffix(".size"), build_cache.lock_of(entry))
        assert all(p.exists() == entry.exists() for p in companions), entry
    assert other_edition.exists()


def test_a_cached_folder_is_pruned_whole(tmp_path):
    folders = []
    for n in range(build_cache.KEPT + 1):
        folder = tmp_path / f"internal-{n}"
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "lock.json").write_text("{}")
        os.utime(folder, (1_000_000 + n, 1_000_000 + n))
        folders.append(folder)
    build_cache.prune(tmp_path, "internal-*", keep=folders[-1])
    assert not folders[0].exists() and all(f.exists() for f in folders[1:])
