"""The mitmproxy addon's line conversion (mitmproxy itself is not a test dependency).

The addon imports mitmproxy only inside its hooks, so its pure functions load anywhere; what it
writes must be what ``schemadiff validate`` reads, which the last test checks through the CLI.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ADDON = Path(__file__).resolve().parents[2] / "contrib" / "mitm_jsonl.py"


@pytest.fixture(scope="module")
def addon() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mitm_jsonl", ADDON)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_message_line(addon: ModuleType) -> None:
    assert addon.message_line('{"type": "a",  "x": 1}') == '{"type": "a",  "x": 1}'
    assert addon.message_line('{\n "type": "a"\n}') == '{"type":"a"}'
    assert addon.message_line("not\njson") == "not json"


@pytest.mark.parametrize(
    ("from_client", "direction", "wanted"),
    [(False, "received", True), (True, "received", False), (True, "sent", True),
     (False, "sent", False), (True, "both", True), (False, "both", True)],
)
def test_direction(addon: ModuleType, from_client: bool, direction: str, wanted: bool) -> None:
    assert addon.wanted(from_client, direction) is wanted


def test_addon_output_is_the_native_log_format(addon: ModuleType, run_cli_inproc,
                                               openapi_file: Path, tmp_path: Path) -> None:
    from sartiq.messages import generate_messages

    messages = list(generate_messages("0.1.0", count=3, seed=3))
    log = tmp_path / "mitm.jsonl"
    log.write_text("".join(addon.message_line(json.dumps(m, indent=2)) + "\n" for m in messages))
    result = run_cli_inproc(f"schemadiff validate {log} --against {openapi_file}")
    assert result.exit_code == 0, result.stdout + result.stderr
