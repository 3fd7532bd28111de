"""The checks that are about a fresh Python process, run in one (`python -m tests.fresh_process PHOTO`, by the
`fresh_process` fixture in conftest.py, without HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE in the environment). Starting
Python and importing torch and transformers is most of each such check's time, so they share the process, in the
order a pristine process needs: the imports first (nothing loaded yet), then a describe with a language model that is
not here, then the text encoders' loads. Prints what each found as one line of JSON; each test asserts its part."""

import contextlib
import io
import json
import os
import runpy
import sys
import time
import traceback

OFFLINE = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


def imports_and_assistants():
    """What importing the dialogue package and making Assistants (one with describer="auto") loaded."""
    import dialogue.assistant
    import dialogue.describer  # noqa: F401
    import dialogue.embedding
    import dialogue.instructions  # noqa: F401
    from dialogue import Assistant

    Assistant()
    Assistant(describer="auto")
    return {"encoder_loaded": dialogue.embedding._encoder is not None,
            "restorer_loaded": dialogue.assistant._shared_restorer is not None,
            "restoration_imported": "restoration" in sys.modules}


def describe_with_a_language_model_not_here(photo):
    """`python -m dialogue describe PHOTO --mllm nosuch/model`, run as -m runs it: its exit code, seconds and JSON."""
    sys.argv = ["dialogue", "describe", photo, "--mllm", "nosuch/model", "--compact"]
    printed = io.StringIO()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(printed):
        try:
            runpy.run_module("dialogue", run_name="__main__", alter_sys=True)
            code = None
        except SystemExit as e:
            code = e.code
    return {"exit_code": code, "seconds": time.perf_counter() - t0, "output": json.loads(printed.getvalue())}


def load_the_text_encoders():
    """The offline switches in the environment after MiniLM is loaded, by itself and as the parser's shared one."""
    from dialogue.embedding import shared_encoder
    from restoration.text import MiniLMEncoder

    MiniLMEncoder()
    shared_encoder()
    return {"offline_set": {k: os.environ[k] for k in OFFLINE if k in os.environ}}


def main(photo):
    found = {}
    for check, args in ((imports_and_assistants, ()), (describe_with_a_language_model_not_here, (photo,)),
                        (load_the_text_encoders, ())):
        try:
            found[check.__name__] = check(*args)
        except Exception:  # noqa: BLE001 - said to that check's test; the next checks still run
            found[check.__name__] = {"error": traceback.format_exc()[-2000:]}
    print(json.dumps(found))


if __name__ == "__main__":
    main(sys.argv[1])
