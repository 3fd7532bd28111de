"""The web app: a Gradio chat over `dialogue.Assistant`. Only UI here; the logic lives in packages, and the
page's own scripts in app.js beside this file (`script`).

    python app.py [--port N] [--mllm ID|none] [--share]

Each browser session gets its own `Session` (an `Assistant` and the chat) in a `gr.State`; one
`Restorer` (the network) is shared by all of them. The chat shows previews; the download button
gives the full-size PNG.
"""

from __future__ import annotations

import argparse
import atexit
import contextvars
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

import gradio as gr
from gradio import processing_utils
from gradio_client import utils as client_utils
from PIL import Image

from dialogue import Assistant
from dialogue.assistant import RestorerUnavailable
from dialogue.describer import loaded_status
from restoration.restorer import open_photo

ROOT = Path(__file__).resolve().parent
EXAMPLES = sorted((ROOT / "examples").glob("*.jpg"))
CACHE = (1800, 3600)  # seconds: every half hour Gradio deletes the files it cached an hour before (uploads, pictures);
# an open page has its own made anew six times in that hour (build's `kept`)
# the chat as tall as the screen leaves room for, at most 560 px: the box below it on the first screen of a phone too
# (a fixed 560 px had put it at y 790 on a 375 x 667 phone, two screens down in landscape: QA 67 F02)
CHAT_HEIGHT = "clamp(160px, calc(100dvh - 320px), 560px)"
PREVIEW_SIDE = 1280  # pixels; the chat and the slider show previews, the download is full size
# what every launch of the app passes (main, the tests, the scripts): uploads up to 25 MB; no run history, which
# kept each person's photos in the browser and offered a page that broke the app when a run was loaded (review 51)
# and no share icons under the chat's pictures: they work on Hugging Face Spaces only (elsewhere they showed an error),
# and the chat gives every picture message one whatever its settings (found by the icon's drawing, not its label,
# which is translated)
# While a turn runs (the box is disabled then) the chat's clear (trash) icon is dimmed: it waits, as the box and the
# buttons do (KEEP_ON_RELOAD: app.js's keepOnReload)
# The example photos may be served from wherever the app was started: Gradio serves files of the working directory and
# /tmp alone, and the examples' gallery, hidden and shown again at every turn, had failed the first message with
# "Error" in the chat and the box when the app was started from another folder (QA 71 F01)
LAUNCH = {"max_file_size": "25mb", "run_history": False, "allowed_paths": [str(ROOT / "examples")],
          "css": '#chat button:has(path[d^="M23,20a5,5,0,0,0-3.89,1.89"]) { display: none; }\n'
                 'body:has(#box textarea:disabled) #chat :is(button[aria-label=Clear], button:has(path[d^="M4,6V8H6V28"]))'
                 ' { opacity: 0.4; cursor: not-allowed; }\n'
                 # the box's hint, which says what to type, in readable contrast (theme's: 1.91:1; QA 59 F5)
                 '#box textarea::placeholder { color: #6b6b73; }\n'
                 # Gradio's own live status (6.31) not heard: BUSY_STATUS says what a turn does, each message whole;
                 # Gradio's said the language model's 22-word sentence again with the figure every 5 s (each cutting
                 # the last), and "common.complete", a key it does not translate, after every turn (app74's live_probe)
                 'div.sr-only[role=status][aria-live] { display: none; }\n'
                 # not shown, for a screen reader: the status while a turn runs (BUSY_STATUS), who wrote a message
                 '#busy-status, #chat :is([data-testid=user], [data-testid=bot])::before { position: absolute; width: 1px;'
                 ' height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }\n'
                 # who wrote each message, for a screen reader (QA 59 F10: Gradio's aria-label on a plain div is dropped)
                 '#chat [data-testid=user]::before { content: "You said:"; }\n'
                 '#chat [data-testid=bot]::before { content: "Assistant:"; }\n'
                 # the chat's label and icons above the messages, not over them (F11: they hid its top line)
                 '#chat .bubble-wrap { margin-top: 28px; height: calc(100% - 28px); }\n'
                 # the box shows that it has the cursor (F9: only the caret did); orange-700, 5.2:1 on white
                 '#box:has(textarea:focus-visible) { outline: 2px solid #c2410c; outline-offset: -2px; }\n'
                 # in forced colours (Windows high contrast) the theme's buttons, drawn by their background alone, had
                 # shown as bare words (QA 67 F08)
                 '@media (forced-colors: active) { #download, #undo, #redo, #start-over { border: 1px solid ButtonText; } }'}
# (says how to add a photo without drag and drop, and that Enter sends from the box: QA 59 F4, F12)
_ADD_A_PHOTO = ("Put a photo in the box below: drop it there, use the box's paperclip button (*Upload a file*), or "
                "pick an example photo. Then press Enter in the box: I will tell you what is wrong with it.")
WELCOME = (f"Hello! {_ADD_A_PHOTO} Then say *restore*, and tell me how to change the result: *brighter*, "
           "*keep the grain*, *there is no rain*, *undo*. Say *help* for more.")
# the status line's words of the network, and where it did not load (main)
RESTORER = "**Restorer:** "
UNAVAILABLE = "unavailable, photos are described only: the restoration network did not load: "
# where the network did not load (main): it had invited *restore*, which could not run (app72's open item)
DESCRIBE_ONLY_WELCOME = (f"Hello! Restoring is unavailable here (the line above says why). {_ADD_A_PHOTO} Then ask "
                         "me about it: *what do you see?*, *is it noisy?*. Say *help* for more.")
# said once, on the first reply after the network loads while the app runs (`git lfs pull`): the welcome above stays
# in the chat, and had gone on saying restoring is unavailable until a restart (app74's open item)
RESTORING_NOW = ("\n\n(Restoring works now: the restoration network has loaded since the welcome said it was "
                 "unavailable. Say *restore* to restore your photo, or *help* for more.)")


_PAGE_SCRIPTS = (ROOT / "app.js").read_text(encoding="utf-8")  # (read once: nine scripts come from it)
# the helpers its functions share: its lines "const ..." before the first function
_SHARED = "\n".join(re.findall(r"^const .*$", _PAGE_SCRIPTS.split("\nfunction ", 1)[0], re.M))


def script(name: str) -> str:
    """The function `name` of app.js (the app's scripts in the browser), as Gradio's `js=` takes it (an expression
    whose value is the function): from "function name(" to the "}" that closes it at the start of a line, with the
    helpers app.js's functions share before it (Gradio runs each script on its own)."""
    found = re.search(rf"^function {name}\(.*?^}}$", _PAGE_SCRIPTS, re.M | re.S)
    if found is None:
        raise KeyError(f"app.js has no function {name}")
    return f"(() => {{\n{_SHARED}\nreturn {found[0]};\n}})()"


# (each one's why is beside it in app.js)
KEEP_ON_RELOAD = script("keepOnReload")  # the page asks before a reload or the clear icon loses the results
KEEP_ON_RETURN = script("keepOnReturn")  # the page shown again has its pictures kept in Gradio's cache at once
FOCUS_BOX = script("focusBox")  # the cursor back in the box after a turn
EXAMPLE_TO_BOX = script("exampleToBox")  # the cursor into the box with a picked example
FILE_TO_BOX = script("fileToBox")  # the cursor into the box with a file picked by the keyboard
BUSY_STATUS = script("busyStatus")  # a screen reader hears what a turn is doing
SLIDER_KEYS = script("sliderKeys")  # the before / after slider by the keyboard, its pictures named
NAME_EXAMPLES = script("nameExamples")  # the example buttons named
NAME_PICTURES = script("namePictures")  # a chat picture pressed shows it full screen; the Fullscreen buttons named


def example_names(paths) -> dict[str, str]:
    """What a screen reader says for each example photo, by its file name: "Example photo: dark noisy chelsea"
    (Gradio's example buttons show the picture only, with an empty alt text; QA 56 F10)."""
    return {Path(p).name: "Example photo: " + " ".join(Path(p).stem.replace("-", "_").split("_")) for p in paths}


def preview(image: Image.Image, flat: bool = False) -> Image.Image:
    """A copy at most PREVIEW_SIDE; `flat`: on white where it is transparent (the chat shows JPEG)."""
    small = image.copy()
    small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    if flat and "A" in small.getbands():
        small = Image.alpha_composite(Image.new("RGBA", small.size, "white"), small.convert("RGBA")).convert("RGB")
    return small


class Session:
    """One browser session: its Assistant, the chat as the server has it, and a lock, so that one turn
    runs at a time (a click during a restore waits for it) and every turn lands in the chat."""

    def __init__(self, describer: str, restorer, welcome: str = WELCOME):
        self.assistant = Assistant(describer=describer, restorer=restorer)
        self.chat = [{"role": "assistant", "content": welcome}]
        self.compared = None  # (before, after) of the last compare, for the slider
        self.name = "photo"  # the upload's file name, for the download's
        self.download = (None, None)  # (the image, its file): written again only when the image changes (a 12 MP
        # PNG takes 2 s to write, and every "thanks" had written one: QA 55 F02)
        self.lock = threading.Lock()
        self.describe_only = welcome == DESCRIBE_ONLY_WELCOME  # the welcome says restoring is unavailable, unmended
        self.cached = {}  # the ids of what the page shows (a chat picture, the slider's pair, the download) -> (those,
        # their files in Gradio's cache -> a picture's bytes): build's `kept` touches them, writes them back


def _network_loads(assistant: Assistant) -> bool:
    """Whether the Assistant has the network, trying the load once more where it has not (cheap while the weights
    are missing: the loader stops at the file)."""
    try:
        assistant.restorer
    except RestorerUnavailable:
        return False
    return True


def build(restorer=None, describer: str = "analyzer", status: str = "", welcome: str = WELCOME) -> gr.Blocks:
    """The app. `restorer` is shared by all sessions (None: each Assistant loads the shipped one); `welcome`, the chat's
    first message."""
    downloads = Path(tempfile.mkdtemp(prefix="restore-app-"))
    atexit.register(shutil.rmtree, downloads, ignore_errors=True)  # (every start had left one in /tmp, up to 108 MB:
    # QA 55 F08; main turns SIGTERM into an exit; a process killed by SIGKILL still leaves it)

    def user_turn(message):
        """The person's messages for the chat: their upload, then their words."""
        turn = [{"role": "user", "content": _shown(path)} for path in (message or {}).get("files") or []]
        if ((message or {}).get("text") or "").strip():
            turn.append({"role": "user", "content": message["text"]})
        return turn

    def locked(*_):
        """While the assistant works, the box and the buttons wait (a click then would race the turn), and the
        example photos are hidden (one picked then had been put in the box, then emptied with the turn's end)."""
        hidden = [gr.Dataset(visible=False)] if gallery is not None else []
        return gr.MultimodalTextbox(interactive=False), *_buttons(), *hidden

    def shown_again(event):
        """`event`, then the example photos shown again (where there are any), the status line made new where the
        network may have come since the page started without it, and the cursor put back in the box."""
        if gallery is not None:
            event = event.then(lambda: gr.Dataset(visible=True), None, gallery, queue=False, api_name=False)
        if restorer is None and RESTORER + UNAVAILABLE in status:
            event = event.then(network_named, session, status_line, queue=False, api_name=False)
        return event.then(None, None, None, js=FOCUS_BOX, queue=False, api_name=False)

    def network_named(session):
        """The status line naming the network once this conversation has it: after `git lfs pull` while the app runs,
        the next restore works (the Assistant tries the load again at each need), and the line had still said
        "unavailable" until a restart. One try a turn, cheap while the weights are missing (the loader stops at the
        file); no change while they are."""
        if session is None:
            return gr.skip()
        try:
            device = session.assistant.restorer.describe_device()
        except RestorerUnavailable:
            return gr.skip()
        return status.split(RESTORER)[0] + f"{RESTORER}{device}, loaded after the app started"

    def show_user(message, session):
        """Echo the person's turn at once, onto the chat as the server has it, and lock the box and the buttons while
        the assistant works. (The page's chat is not sent back: Gradio reads every picture in it, and one that its
        cache had deleted, an hour after the upload, failed the turn and left the page locked: QA 67 F01.)"""
        chat = session.chat if session is not None else [{"role": "assistant", "content": welcome}]
        return [*chat, *user_turn(message)], *locked()

    def answer(message, session, progress=gr.Progress()):
        """One turn, on the session's chat (the page's is not sent back: show_user)."""
        session = session or Session(describer, restorer, welcome)
        files = (message or {}).get("files") or []
        text = ((message or {}).get("text") or "").strip()
        with session.lock:
            if files or text:  # Enter on an empty box asks nothing
                session.chat += user_turn(message)
                replies = []
                for path in files:  # (a language model's look tells the bar and the page's status, BUSY_STATUS, what
                    # the wait is and how far it is: QA 71 F03)
                    replies.append(session.assistant.upload(path, progress=progress))  # (its size is checked before
                    # it is decoded: a decoded 144-megapixel upload had taken 550 MB before it was refused)
                    if replies[-1].intent == "upload":  # (a file refused leaves the photo before, and its name)
                        session.name = re.sub(r"[^\w-]+", "_", Path(path).stem).strip("_-")[:40] or "photo"
                refused = bool(replies) and replies[-1].intent == "upload_failed"
                if refused and text and session.assistant.would_change_picture(text):
                    # words that change the picture were for the refused file, not the earlier photo: not run (they
                    # had restored that one unasked and unsaid, QA 55 F09: 2.5 minutes for a 12 MP photo); a
                    # question, help or thanks is answered (review 55 F3: they had gone unanswered)
                    if session.assistant.original is not None:
                        replies[-1] = replace(replies[-1], text=f"{replies[-1].text}\n\n(I have not run “{text[:80]}” "
                                              "on your earlier photo: say it again if you meant that one.)")
                elif text or not replies:
                    replies.append(session.assistant.send(text, progress=_timed(progress, session.assistant)))
                if replies and session.describe_only and _network_loads(session.assistant):
                    session.describe_only = False
                    replies[-1] = replace(replies[-1], text=replies[-1].text + RESTORING_NOW)
                for reply in replies:
                    session.chat.append({"role": "assistant", "content": reply.text})
                    # the slider shows what a compare names ("compare version 1 and 2") until another picture comes,
                    # else the upload and the result
                    if reply.intent == "compare" and reply.before is not None and reply.image is not None:
                        session.compared = (reply.before, reply.image)
                    elif reply.image is not None or reply.intent in ("start_over", "upload"):
                        session.compared = None
                    for image in (reply.before, reply.image) if reply.image is not None else ():  # "compare": both
                        if image is not None:  # only replies that bring a picture carry one
                            session.chat.append({"role": "assistant",
                                                 "content": gr.Image(preview(image, flat=True), format="jpeg",
                                                                     buttons=["fullscreen"],
                                                                     alt_text=_alt(session.assistant, reply, image))})
            return (list(session.chat), session, gr.MultimodalTextbox(value=None, interactive=True),
                    *_comparison(session, downloads),
                    *_buttons(session.assistant))

    def kept(session):
        """The pictures the page shows and its download, kept in Gradio's cache while the page is open. Gradio deletes
        its cached files an hour old (CACHE: the disk must not fill), those an open page shows too; a picture or a
        download asked for after that had failed (403: QA 67 F01). Six times in that age each is touched (Gradio ages
        its files by ctime, which os.utime sets); one new since the last tick is written, as a turn's answer writes it,
        less sending it, and one deleted is written back. (Each tick had written the whole chat again: 1.9 s at 40
        pictures, review 67.) A page closed keeps nothing."""
        if session is None or session.assistant.original is None or not session.lock.acquire(blocking=False):
            return  # (a turn that runs now makes them anew when it ends)
        try:
            pair, _, path = _compared(session, downloads)
            cached = {}

            def keep(block, sources, shown, held=True):
                """`block`'s files showing `shown()`, made of `sources`: written where new since the last tick, else
                touched. A picture's bytes are held from then, and one gone is written back from them (encoding the
                chat's 40 pictures again after a deletion had taken 1.6 s, fix68b); the download, a copy of a file of
                ours, is copied again."""
                key = tuple(map(id, sources))  # (unique while `cached` holds the sources)
                files = session.cached.get(key, (None, {}))[1]  # their files -> their bytes, where held
                gone = [file for file in files if not _touched(file)]
                if files and held:
                    for file in gone:
                        _written_back(block, file, files[file])
                elif not files or gone:
                    files = {file: Path(file).read_bytes() if held else None for file in _files(block, shown())}
                cached[key] = (sources, files)

            for message in session.chat:
                if isinstance(message["content"], gr.Image):
                    keep(chat, (message["content"],), lambda: [message])
            keep(slider, pair, lambda: tuple(map(preview, pair)))
            keep(download, (path,), lambda: path, held=False)
            session.cached = cached
        finally:
            session.lock.release()

    def button(text):
        def press(session, progress=gr.Progress()):
            return answer({"text": text}, session, progress)
        return press

    with gr.Blocks(title="Photo restoration assistant", delete_cache=CACHE) as demo:
        gr.Markdown("## Photo restoration assistant\nDescribe → restore → refine, in plain words. "
                    "Everything runs on this machine.")
        status_line = gr.Markdown(status, elem_id="status")
        session = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                # (no download icons on the chat's previews: the button below gives the full-size result)
                # (no share icons: they work on Hugging Face Spaces only, elsewhere they showed an error; review 51)
                chat = gr.Chatbot(value=[{"role": "assistant", "content": welcome}], height=CHAT_HEIGHT, elem_id="chat",
                                  label="Conversation", allow_file_downloads=False, buttons=["copy", "copy_all"])
                box = gr.MultimodalTextbox(file_types=["image"], file_count="single", sources=["upload"],
                                           placeholder="Drop or attach a photo, or type: restore, brighter, keep the grain, undo…",
                                           label="Message or photo", show_label=False, elem_id="box")
                with gr.Row():
                    # (usable once a photo is in: before, each had answered "Please upload a photo first")
                    undo = gr.Button("Undo", size="sm", elem_id="undo", interactive=False)
                    redo = gr.Button("Redo", size="sm", elem_id="redo", interactive=False)
                    restart = gr.Button("Start over", size="sm", elem_id="start-over", interactive=False)
            with gr.Column(scale=2):
                # (no download icon: it saved the preview, at most 1280 px; review 46) the button below saves the
                # full-size result
                slider = gr.ImageSlider(label="Before / after", type="pil", format="png", interactive=False,
                                        elem_id="slider", buttons=["fullscreen"])
                download = gr.DownloadButton("Download the full-size result", value=None, interactive=False,
                                             elem_id="download")
                examples = gr.Examples([{"text": "", "files": [str(p)]} for p in EXAMPLES], inputs=box,
                                       label="Example photos (degraded by our own synthesis)",
                                       elem_id="examples") if EXAMPLES else None
                gallery = examples and examples.dataset

        controls = [box, undo, redo, restart, *([gallery] if gallery is not None else [])]
        outputs = [chat, session, box, slider, download, undo, redo, restart]
        # two steps: the person's turn shows at once, then the answer (with progress) replaces the box; the progress
        # shows on the box and the before / after view (over the chat it had covered the last message)
        shown_again(box.submit(show_user, [box, session], [chat, *controls], queue=False, api_name=False).then(
            answer, [box, session], outputs, api_name="chat", show_progress="full", show_progress_on=[box, slider]))
        for control, text, name in [(undo, "undo", "undo"), (redo, "redo", "redo"), (restart, "start over", "start_over")]:
            shown_again(control.click(locked, None, controls, queue=False, api_name=False).then(
                button(text), [session], outputs, api_name=name, show_progress_on=[box, slider]))
        # (and at once when the page is shown again, KEEP_ON_RETURN: a computer asleep past the cache's age had come
        # back to pictures answering 403 until the next tick, up to 10 minutes later)
        keep = gr.Button("Keep the pictures", visible="hidden", elem_id="keep")
        gr.on([gr.Timer(demo.delete_cache[1] / 6).tick, keep.click], kept, session, None, queue=False,
              show_progress="hidden", api_name=False)
        demo.load(None, None, None, js=KEEP_ON_RETURN, api_name=False)
        box.change(None, None, None, js=FILE_TO_BOX, queue=False, api_name=False)
        demo.load(None, None, None, js=KEEP_ON_RELOAD, api_name=False)
        demo.load(None, None, None, js=BUSY_STATUS, api_name=False)
        demo.load(None, None, None, js=SLIDER_KEYS, api_name=False)
        demo.load(None, None, None, js=NAME_PICTURES, api_name=False)
        if gallery is not None:
            examples.load_input_event.then(None, None, None, js=EXAMPLE_TO_BOX, queue=False, api_name=False)
            demo.load(None, None, None, js=f"() => ({NAME_EXAMPLES})({json.dumps(example_names(EXAMPLES))})",
                      api_name=False)
        # the chat's clear (trash) icon, once confirmed, starts a new conversation (it had emptied the page only:
        # the next message brought the old one back, review 42)
        # (with the welcome again: the chat had been left blank, review 51)
        chat.clear(lambda: ([{"role": "assistant", "content": welcome}], None, *_comparison(None, downloads), *_buttons()),
                   None, [chat, session, slider, download, undo, redo, restart], queue=False, api_name=False)
    demo.queue(default_concurrency_limit=2, max_size=64)
    return demo


def _comparison(session: Session | None, downloads: Path):
    """Before/after previews (the two images the last compare named, else the upload and the current
    result) and the full-size download of the current result, named after the upload and the version
    ("cat-restored-v2-….png"; review 46: "restored-….png" had said neither)."""
    if session is None or session.assistant.original is None:
        return gr.ImageSlider(value=None, label="Before / after"), gr.DownloadButton(value=None, interactive=False)
    shown, label, path = _compared(session, downloads)
    return (gr.ImageSlider(value=tuple(map(preview, shown)), label=label),
            gr.DownloadButton(value=path, interactive=session.assistant.result is not None))


def _compared(session: Session, downloads: Path) -> tuple[tuple[Image.Image, Image.Image], str, str]:
    """_comparison's before/after pictures (full size), the slider's label, and the download's file (written where it
    changed)."""
    assistant = session.assistant
    after = assistant.result if assistant.result is not None else assistant.uploaded
    image, path = session.download
    if image is not after or not Path(path).exists():  # (a file of the 64 kept may have gone)
        version = f"-v{assistant.current.version}" if assistant.result is not None else ""
        fd, path = tempfile.mkstemp(suffix=".png", prefix=f"{session.name}-restored{version}-", dir=downloads)
        os.close(fd)
        after.save(path, **assistant.form.save_options)  # (the photo's EXIF, as the command line keeps it)
        session.download = (after, path)
        _keep_last(downloads, 64)
    shown = session.compared or (assistant.uploaded, after)
    # the label says what the two are, and names the pictures for a screen reader (SLIDER_KEYS; QA 59 F1)
    label = " · ".join(f"{side}: {assistant.which_picture(image)}" for side, image in zip(("Before", "After"), shown))
    return shown, label, path


def _files(block, value) -> list[str]:
    """The files in Gradio's cache of `block` showing `value`, written there as an answer writes them, and registered
    as an answer's are, for its deletion and its cleanup at exit (a copy is touched, one missing copied back). (Outside
    the event's context that runs this: within it, the chat's gr.Image message is an update only, and writes nothing.)
    """
    files = []
    payload = contextvars.Context().run(block.postprocess, value)
    client_utils.traverse(processing_utils.move_files_to_cache(payload, block, postprocess=True),
                          lambda file: files.append(file["path"]) or file, client_utils.is_file_obj_with_meta)
    return list(dict.fromkeys(files))  # (a chat picture names its file twice: its value, and its props' value)


def _written_back(block, path: str, data: bytes):
    """A file of `block`'s that Gradio's cache deleted, written back as it was, and registered again for its deletion
    (Gradio drops a file it deletes from its lists; one written back unlisted had stayed in the cache for good)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    block.move_resource_to_block_cache(path)


def _touched(path: str) -> bool:
    """Whether the file at `path` is there, its ctime (by which Gradio's cache ages files) made now."""
    try:
        os.utime(path)
    except FileNotFoundError:
        return False
    return True


def _timed(progress, assistant: Assistant):
    """`progress`, with how long a restore of the photo takes here as its words where that is known: the bar shows
    them and the page's status says them ("Working on it… about 20 seconds in all", BUSY_STATUS; QA 59 F3). (*in all*:
    the bar's "about 20 seconds - 80.0%" could be read as 20 seconds left.) Words given are said instead: a language
    model's, while it reads a refinement."""
    about = assistant.time_to_restore()
    return progress if about is None else lambda fraction, desc=None: progress(fraction, desc=desc or f"{about} in all")


def _shown(path: str) -> str | gr.Image:
    """The person's upload as their chat bubble shows it: a JPEG preview, or its name where it cannot be read (a HEIC,
    a cut-off JPEG, or too large to read). A picture, not the uploaded file: Gradio deletes its cached files an hour
    old, the upload too, while the chat still shows it; a picture is written into the cache again with every turn
    (and every `kept`: QA 67 F01), as the assistant's are. (The file itself had been shown where browsers show its
    format; a TIFF had shown a broken image, QA 55 F01; a text file, a 0-byte or a cut-off file named .jpg too, QA 57
    F15.) A gr.Image, with alt text "Your photo: cat.jpg" (QA 59 F2: a file message's alt text does not reach the
    page in Gradio 6.31)."""
    try:
        photo, form, _ = open_photo(path)  # (its size checked before it is decoded)
    except Exception:  # noqa: BLE001 - the assistant says why (TooLarge too: it refuses it unread)
        return Path(path).name
    return gr.Image(preview(form.apply(photo), flat=True), format="jpeg", buttons=["fullscreen"],
                    alt_text=f"Your photo: {Path(path).name}")


def _alt(assistant: Assistant, reply, image) -> str:
    """What an assistant's picture in the chat is, for a screen reader (QA 59 F2: no picture had alt text; a file
    message's, the person's upload, does not reach the page in Gradio 6.31, a gr.Image's does)."""
    if reply.intent == "compare":
        return "Compared: the first picture" if image is reply.before else "Compared: the second picture"
    step = assistant.current
    # (what the picture is, not when: "The result shown now" had stayed on every result, undone ones too; QA 67 F06)
    return f"Result: version {step.version}" if step.is_result else "Your photo as uploaded"


def _buttons(assistant: Assistant | None = None):
    """Undo and redo: usable when there is a step to go back or forward to (review 46: they had answered
    "There is nothing to undo yet"); start over once there is a photo. None: all wait."""
    photo = assistant is not None and assistant.original is not None
    return (gr.Button(interactive=photo and assistant.can_undo), gr.Button(interactive=photo and assistant.can_redo),
            gr.Button(interactive=photo))


def _keep_last(folder: Path, count: int):
    files = sorted(folder.glob("*-restored*.png"), key=lambda p: p.stat().st_mtime)
    for old in files[:-count]:
        old.unlink(missing_ok=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description="The photo restoration assistant in the browser.")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--mllm", default="none",
                        help="'none' (offline analyzer, default), 'auto' (the default MLLM if it loads), or a model id "
                             "in the local Hugging Face cache or a folder (nothing is downloaded)")
    parser.add_argument("--share", action="store_true", help="a public gradio.live link")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--ensemble", action="store_true",
                        help="average each restoration with that of the mirror image: a little better, twice the time")
    args = parser.parse_args(argv)

    from restoration import Restorer

    try:
        restorer = Restorer.from_pretrained(ensemble=args.ensemble)
    except (ValueError, OSError) as e:  # the weights missing, Git LFS pointers, or unreadable (a traceback had said
        # it, then one line, and no page: QA 71 F04, F05). The page describes photos; each conversation says that it
        # cannot restore, and tries the load again at each need (`git lfs pull` mends it; build's network_named says so)
        restorer, network = None, f"{UNAVAILABLE}{e}"
        print(f"Restorer: {network}", file=sys.stderr)
        welcome = DESCRIBE_ONLY_WELCOME
    else:
        restorer.calibrate()  # (here, not in the first turn: the warm-up and the busy status's estimate)
        network, welcome = restorer.describe_device(), WELCOME
    describer = "analyzer" if args.mllm == "none" else args.mllm
    status = f"**Describer:** {loaded_status(describer)} · {RESTORER}{network}"
    # SIGTERM (docker stop, systemctl stop, kill) exits as Ctrl+C does, so that atexit removes the downloads folder (it
    # had been left behind: review 55 F5)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    build(restorer, describer, status, welcome).launch(server_name=args.host, server_port=args.port, share=args.share,
                                                       **LAUNCH)


if __name__ == "__main__":
    main()
