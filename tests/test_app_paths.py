"""The web app on the paths QA 71 walked in a browser, checked here through its handlers and its `main`, without a
server or a browser: started from another folder, without readable weights, with a language model that cannot load or
that is slow to look or to read."""

import asyncio
import shutil
from pathlib import Path

from tests.doubles import FakeRestorer, StubAnalyzer

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = ROOT / "weights" / "dcformer-small"
# what a language model answers about a photo, in the form its prompt asks for (as in tests/test_dialogue_mllm.py)
ANSWER = ('{"quality": "poor", "scene": "a cat indoors", "low_light": "heavy", "rain": "none", "noise": "heavy", '
          '"summary": "A dark photo of a cat with visible grain."}')


class _Restorer(FakeRestorer):
    def describe_device(self):
        return "a stand-in"


def _handler(demo, name: str):
    """The function the page's event `name` runs (app.build's inner functions: locked, answer, ...)."""
    return next(f.fn for f in demo.fns.values() if getattr(f.fn, "__name__", "") == name)


def _main_status(monkeypatch, *args, weights=None) -> str:
    """The status line `app.main(args)` gives the page (_main_page)."""
    return _main_page(monkeypatch, *args, weights=weights)["status"]


def _main_page(monkeypatch, *args, weights=None) -> dict[str, str]:
    """The status line and the welcome `app.main(args)` gives the page, with a stand-in network (or, given `weights`,
    the network from that folder as the app finds the shipped one) and no server started."""
    import signal

    import app
    import restoration
    import restoration.restorer as restorer

    said = {}

    class Page:
        def launch(self, **_):
            pass

    if weights is None:
        monkeypatch.setattr(restoration.Restorer, "from_pretrained", classmethod(lambda cls, **_: _Restorer()))
    else:
        monkeypatch.setattr(restorer, "WEIGHTS", weights)
    monkeypatch.setattr(app, "build", lambda restorer, describer, status, welcome: said.update(
        status=status, welcome=welcome) or Page())
    monkeypatch.setattr(signal, "signal", lambda *_: None)  # (main's SIGTERM handler is not for the test process)
    app.main(list(args))
    return said


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


def test_the_app_says_in_one_line_why_missing_or_unreadable_weights_cannot_restore(tmp_path, monkeypatch, capsys):
    """QA 71 F04: a model.safetensors that is a folder (or that the app's user may not read: PermissionError, the same
    OSError path) had stopped `python app.py` with a traceback; the missing and Git LFS cases said one line, and no
    page started (F05). Now the page starts and its status line says why it cannot restore, as the terminal does
    (tests/test_app.py walks that page, with Git LFS pointers). Its welcome says what the page can do then (it had
    invited *restore*, app72's open item); with the network, it invites *restore*."""
    import app

    unavailable = "unavailable, photos are described only: the restoration network did not load: "
    page = _main_page(monkeypatch, weights=tmp_path)  # no weights at all
    status, welcome = page["status"], page["welcome"]
    assert welcome.startswith("Hello! Restoring is unavailable here (the line above says why).") and \
        "*restore*" not in welcome and "paperclip button (*Upload a file*)" in welcome, welcome
    assert status.endswith(f"· **Restorer:** {unavailable}the shipped weights are missing: {tmp_path} has no "
                           "dcformer-small/model.safetensors; run `git lfs pull` in the repository to fetch them"), status
    assert capsys.readouterr().err == f"Restorer: {status.split('**Restorer:** ')[1]}\n"
    shipped = tmp_path / "dcformer-small"
    shipped.mkdir()
    shutil.copy(WEIGHTS / "config.json", shipped)
    (shipped / "model.safetensors").mkdir()
    status = _main_status(monkeypatch, weights=tmp_path)
    assert status.endswith(f"· **Restorer:** {unavailable}[Errno 21] Is a directory: "
                           f"'{shipped / 'model.safetensors'}'"), status
    # (last: the stand-in network stays for the rest of the test)
    assert _main_page(monkeypatch)["welcome"] == app.WELCOME and "Then say *restore*" in app.WELCOME


def _without_weights(tmp_path, monkeypatch, describer="analyzer"):
    """The app as `python app.py` builds it with no weights in `tmp_path` (its status line and welcome), no network
    loaded in this process yet."""
    import app
    import dialogue.assistant

    build = app.build
    page = _main_page(monkeypatch, weights=tmp_path)
    monkeypatch.setattr(dialogue.assistant, "_shared_restorer", None)  # (one an earlier test loaded would restore)
    return build(None, describer, page["status"], page["welcome"])


def test_the_status_line_names_the_network_once_the_weights_come_while_the_app_runs(tmp_path, monkeypatch):
    """app72's open item: after `git lfs pull` while the app ran without the weights, *restore* worked (each
    conversation tries the load again at each need), but the page's status line said "unavailable" until a restart.
    After each turn it is made new: unchanged while the weights are missing, naming the network once they are there."""
    import gradio as gr

    import restoration

    demo = _without_weights(tmp_path, monkeypatch)
    answer, named = _handler(demo, "answer"), _handler(demo, "network_named")
    status = next(c for c in demo.config["components"] if c.get("props", {}).get("elem_id") == "status")
    assert named in [d.fn for d in demo.fns.values() if status["id"] in [o._id for o in d.outputs]]  # (wired to it)
    session = answer({"text": "hello", "files": []}, None, lambda *a, **k: None)[1]
    assert named(session) == gr.skip() and named(None) == gr.skip()  # still missing: the line as it is
    monkeypatch.setattr(restoration.Restorer, "from_pretrained", classmethod(lambda cls, **_: _Restorer()))  # pulled
    assert named(session) == ("**Describer:** offline analyzer · **Restorer:** a stand-in, loaded after the app "
                              "started")


def test_the_first_reply_after_the_weights_come_says_restoring_works_now(tmp_path, monkeypatch):
    """app74's open item: after `git lfs pull` while the app ran without the weights, the chat's welcome went on
    saying restoring is unavailable. The first reply after the network loads says it works now; once."""
    import app
    import restoration

    demo = _without_weights(tmp_path, monkeypatch)
    answer = _handler(demo, "answer")
    chat, session = answer({"text": "hello", "files": []}, None, lambda *a, **k: None)[:2]
    assert chat[0]["content"] == app.DESCRIBE_ONLY_WELCOME and app.RESTORING_NOW not in chat[-1]["content"]
    monkeypatch.setattr(restoration.Restorer, "from_pretrained", classmethod(lambda cls, **_: _Restorer()))  # pulled
    for said in (True, False):
        chat, session = answer({"text": "hello", "files": []}, session, lambda *a, **k: None)[:2]
        assert chat[-1]["content"].endswith(app.RESTORING_NOW) is said, chat[-1]["content"]


def test_the_start_over_button_after_the_weights_come_says_restoring_works_now(tmp_path, monkeypatch):
    """small74's open item had it that the buttons do not say restoring works now after `git lfs pull`. Each button
    runs its words through the typed turn's `answer`, so the first turn after the pull says it, pressed or typed.
    (Start over is the one button such a turn can be: without the network there is no result to undo or redo.)"""
    import app
    import restoration
    from dialogue.describer import AnalyzerDescriber

    demo = _without_weights(tmp_path, monkeypatch, AnalyzerDescriber(StubAnalyzer({"low_light": 0.6, "noise": 0.6})))
    answer = _handler(demo, "answer")
    start_over = next(f.fn for f in demo.fns.values() if f.api_name == "start_over")
    photo = {"text": "", "files": [str(ROOT / "examples" / "dark_noisy_chelsea.jpg")]}
    session = answer(photo, None, lambda *a, **k: None)[1]
    monkeypatch.setattr(restoration.Restorer, "from_pretrained", classmethod(lambda cls, **_: _Restorer()))  # pulled
    said = [m["content"] for m in start_over(session, lambda *a, **k: None)[0] if isinstance(m["content"], str)]
    assert said[-2:] == ["start over", said[-1]] and said[-1].endswith(app.RESTORING_NOW), said[-2:]


def test_help_without_the_network_says_what_works_and_why_restoring_does_not(tmp_path, monkeypatch):
    """*help* with no weights had listed every command, *restore* and the changes that cannot run among them (note73).
    It says what works now, then why restoring does not, in the loader's words, which say how to get the weights:
    before a photo and with one. (Words it does not understand get the same, after "I did not understand that.")"""
    from dialogue.describer import AnalyzerDescriber

    demo = _without_weights(tmp_path, monkeypatch, AnalyzerDescriber(StubAnalyzer({"low_light": 0.6, "noise": 0.6})))
    answer = _handler(demo, "answer")
    loader = (f"the shipped weights are missing: {tmp_path} has no dcformer-small/model.safetensors; run `git lfs "
              "pull` in the repository to fetch them")
    session = None
    for message in ({"text": "help"}, {"text": "help", "files": [str(ROOT / "examples" / "dark_noisy_chelsea.jpg")]}):
        chat, session = answer({"files": [], **message}, session, lambda *a, **k: None)[:2]
        said = chat[-1]["content"]
        assert said.startswith("Here is what I can do without the restoration network:\n- **a photo**"), said
        assert "**what do you see?**" in said and "(*brighter*, *keep the grain*, *undo*, *compare*) need it" in said
        assert "**restore**" not in said and "**undo**" not in said, said
        assert said.endswith(f"the restoration network did not load ({loader}). I can still describe your photo and "
                             "answer questions about it."), said


def test_the_status_line_says_when_the_language_model_could_not_be_used(tmp_path, monkeypatch):
    """QA 71 F02: `--mllm` with a model that does not load had the page's status say "Describer: <that model>" all
    along, while the analyzer described every photo (the chat said so once, in the first conversation only)."""
    missing = tmp_path / "no-such-model"
    status = _main_status(monkeypatch, "--mllm", str(missing))
    assert status.startswith(f"**Describer:** offline analyzer (the language model {missing} could not be used: "
                             f"there is no folder {missing})"), status
    assert _main_status(monkeypatch).startswith("**Describer:** offline analyzer · **Restorer:** a stand-in")


def _stand_in_model(measure, update='{"low_light": 0.9}'):
    """A language model as if loaded: it answers ANSWER about a photo and `update` to a refinement, and tells the
    progress it is given half of its bounds used, as the real one does after each token (tests/test_dialogue_mllm.py
    runs the real generation)."""
    from dialogue.describer import MLLMDescriber

    model = MLLMDescriber("a stand-in", analyze=measure)
    model.model = model.processor = object()

    def generate(prompt, image=None, progress=None):
        progress(0.5)
        return ANSWER if image is not None else update

    model.generate = generate
    return model


class _TimedRestorer(_Restorer):
    def seconds_for(self, width, height):
        return 20.0  # (a restore's words on the bar: "about 20 seconds in all")


def test_the_bar_says_what_the_language_model_does_and_how_far_it_is():
    """QA 71 F03: while a language model described the photo (up to its max_time, 120 s) the page showed Gradio's bare
    timer and a screen reader heard "Working on it…" alone; then the bar said so, at 0.0% all along, and a refinement
    the model read had no words at all (mllmwait71). The bar (which the page's status reads out, BUSY_STATUS) says that
    the model looks, or reads, and how far it is; then the restore says its own words. The analyzer's stand-in reports
    the example photo's darkness and grain (the real analyzer takes 1-6 s on it here; tests/test_app.py's turns run
    it)."""
    import app
    from dialogue import Assistant
    from dialogue.describer import AnalyzerDescriber

    measure = StubAnalyzer({"low_light": 0.6, "noise": 0.6})  # dark and grainy, as dark_noisy_chelsea.jpg is
    model = _stand_in_model(measure)
    answer = _handler(app.build(_TimedRestorer(), model, ""), "answer")
    bar = []  # what the turns' progress tells the page's bar, in turn
    tell = lambda fraction, desc=None: bar.append((fraction, desc))  # noqa: E731
    photo = {"files": [str(app.ROOT / "examples" / "dark_noisy_chelsea.jpg")], "text": ""}
    chat, session = answer(photo, None, tell)[:2]
    assert "In the language model's words: “A dark photo of a cat with visible grain.”" in chat[-1]["content"]
    assert bar == [(0.5, "The language model is looking at your photo (it gives up after 120 s and the offline "
                          "analyzer describes it then)")], bar
    bar.clear()
    chat = answer({"text": "brighter", "files": []}, session, tell)[0]
    assert "language model" in chat[-2]["content"], chat[-2]["content"]  # (the model's update was used)
    assert bar == [(0.5, "The language model is reading your words (it gives up after 120 s and I read them myself "
                         "then)"), (1.0, "about 20 seconds in all")], bar
    bar.clear()  # the analyzer's look, a second: the bar says nothing of a model
    analyzer = Assistant(describer=AnalyzerDescriber(measure), restorer=FakeRestorer())
    assert "dark" in analyzer.upload(photo["files"][0], progress=tell).text and bar == [], bar
