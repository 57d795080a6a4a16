"""Damaged copies of the real PDF and DOCX samples: each is read or gives a coded problem."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from iflaplans.batch.reading import read_file
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings
from tests.conftest import GOLDEN

SAMPLES = sorted([*GOLDEN.glob("*.pdf"), *GOLDEN.glob("*.docx")])
EXPECTED_CODES = {"corrupt-file", "not-a-plan", "no-text-layer", "unsupported-format", "empty-file"}


def _mutants(data: bytes, seed: int) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out = [("truncated-half", data[: len(data) // 2]), ("truncated-end", data[:-200])]
    for i in range(4):
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            pos = rng.randrange(len(flipped))
            flipped[pos] ^= 1 << rng.randrange(8)
        out.append((f"flipped-{i}", bytes(flipped)))
    chunk = rng.randrange(len(data) - 1000)
    out.append(("hole", data[:chunk] + data[chunk + 1000 :]))
    return out


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.suffix[1:] + "-" + p.stem[:20])
def test_damaged_copies_are_read_or_coded(
    sample: Path, tmp_path: Path, resources: Resources
) -> None:
    settings = Settings(document_timeout=60)
    for name, data in _mutants(sample.read_bytes(), seed=len(sample.name)):
        path = tmp_path / f"{name}{sample.suffix}"
        path.write_bytes(data)
        result = read_file(path, tmp_path, settings, resources)
        codes = {p.code for p in result.problems}
        if result.plan is None:
            assert codes & EXPECTED_CODES, f"{name}: {codes}"
        assert "internal-error" not in codes, f"{name}: {[p.message for p in result.problems]}"
