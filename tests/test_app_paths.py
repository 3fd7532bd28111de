"""The web app on the paths QA 71 walked in a browser, checked here through its handlers and its `main`, without a
server or a browser: started from another folder, without readable weights, with a language model that cannot load."""

import asyncio
import shutil
from pathlib import Path

import pytest

from tests.doubles import FakeRestorer

WEIGHTS = Path(__file__).resolve().parent.parent / "weights" / "dcformer-small"


class _Restorer(FakeRestorer):
    def describe_device(self):
        return "a stand-in"


def _main_status(monkeypatch, *args) -> str:
    """The status line `app.main(args)` gives the page, with a stand-in network and no server started."""
    import signal

    import app
    import restoration

    said = {}

    class Page:
        def launch(self, **_):
            pass

    monkeypatch.setattr(restoration.Restorer, "from_pretrained", classmethod(lambda cls, **_: _Restorer()))
    monkeypatch.setattr(app, "build", lambda restorer, describer, status: said.update(status=status) or Page())
    monkeypatch.setattr(signal, "signal", lambda *_: None)  # (main's SIGTERM handler is not for the test process)
    app.main(list(args))
    return said["status"]


def test_the_first_turn_works_when_the_app_was_started_from_another_folder(tmp_path, monkeypatch):
    """QA 71 F01: `python /path/to/app.py` started from another folder failed the first message: the chat and the box
    showed "Error". Each turn hides the example photos and shows them again, and Gradio refuses to serve files outside
    the working directory and /tmp unless `launch` allows them. What a turn's first step sends the page is made here
    as the launched server makes it."""
    from gradio.context import LocalContext

    import app

    demo = app.build(FakeRestorer(), "analyzer", "")
    locked = next(f for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "locked")
    demo.has_launched, demo.allowed_paths = True, app.LAUNCH.get("allowed_paths", [])  # (what `launch(**LAUNCH)` sets)
    monkeypatch.chdir(tmp_path)  # not the repository's folder
    token = LocalContext.blocks.set(demo)
    try:
        sent = asyncio.run(demo.postprocess_data(locked, list(locked.fn()), None))
    finally:
        LocalContext.blocks.reset(token)
    assert sent[0]["interactive"] is False and sent[-1]["visible"] is False  # the box locked, the examples hidden


def test_the_app_says_in_one_line_why_unreadable_weights_stop_it(tmp_path, monkeypatch):
    """QA 71 F04: a model.safetensors that is a folder (or that the app's user may not read: PermissionError, the same
    OSError path) had stopped `python app.py` with a traceback; the missing and Git LFS cases said one line."""
    import app
    import restoration.restorer as restorer

    shipped = tmp_path / "dcformer-small"
    shipped.mkdir()
    shutil.copy(WEIGHTS / "config.json", shipped)
    (shipped / "model.safetensors").mkdir()
    monkeypatch.setattr(restorer, "WEIGHTS", tmp_path)
    with pytest.raises(SystemExit) as e:
        app.main(["--port", "7999"])
    message = str(e.value.code)
    assert message.startswith("cannot start: the restoration network did not load: ") and "\n" not in message
    assert str(shipped) in message


def test_the_status_line_says_when_the_language_model_could_not_be_used(tmp_path, monkeypatch):
    """QA 71 F02: `--mllm` with a model that does not load had the page's status say "Describer: <that model>" all
    along, while the analyzer described every photo (the chat said so once, in the first conversation only)."""
    missing = tmp_path / "no-such-model"
    status = _main_status(monkeypatch, "--mllm", str(missing))
    assert status.startswith(f"**Describer:** offline analyzer (the language model {missing} could not be used: "
                             f"there is no folder {missing})"), status
    assert _main_status(monkeypatch).startswith("**Describer:** offline analyzer · **Restorer:** a stand-in")
