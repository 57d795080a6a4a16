"""The public API: every name is importable, typed for its users, and cheap to import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import iflaplans

ROOT = Path(__file__).resolve().parent.parent


def test_every_public_name_is_exported_and_resolves() -> None:
    assert set(iflaplans.__all__) == {"__version__", *iflaplans._EXPORTS}
    for name in iflaplans.__all__:
        assert getattr(iflaplans, name) is not None


def test_the_public_api_is_typed_for_its_users(tmp_path: Path) -> None:
    """A user's script sees real types, not Any, and mypy --strict accepts its use."""
    assert (ROOT / "iflaplans" / "py.typed").exists()
    script = tmp_path / "use.py"
    script.write_text(
        textwrap.dedent(
            """
            from pathlib import Path
            from iflaplans import RunSummary, Settings, run

            summary: RunSummary = run(Path("corpus"), Path("outputs"), Settings(), jobs=2)
            reveal_type(run)
            count: int = summary.activities
            """
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert 'Revealed type is "def (corpus: pathlib.Path' in done.stdout, done.stdout
    assert "-> iflaplans.nightly.runs.RunSummary" in done.stdout
    assert "error" not in done.stdout, done.stdout
