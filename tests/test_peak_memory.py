"""evaluate --memory: the peak is the restoring process's own, not the evaluating process's."""
import pytest

from restoration.evaluate import peak_memory
from restoration.text import minilm_path


def test_peak_memory_is_the_cli_process_own(tiny_model, tmp_path):
    ballast = bytearray(1_500_000_000)  # the evaluating process is big after a table run
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # touch every page so it is resident
    # with a checkpoint, the encoder and the ensemble, as evaluate --memory restores (QA 58 F09: it had timed the
    # shipped weights whatever --checkpoint said; the test below shows the ones given are the ones restored)
    tiny_model.save_pretrained(tmp_path / "tiny")
    m = peak_memory(width=96, height=64, checkpoint=tmp_path / "tiny", text_encoder_path=minilm_path(), ensemble=True)
    assert 0.05 < m["peak_rss_gb"] < 1.2, m  # a small restore through the CLI, not the 1.5 GB here
    del ballast


def test_peak_memory_restores_with_the_checkpoint_encoder_and_ensemble_it_is_given(tiny_model, tmp_path):
    """QA 58 F09: evaluate --memory had timed the shipped weights whatever --checkpoint said. Restoring with them is
    the test above's (one process fewer); here a missing one of them is what the restore fails on."""
    tiny_model.save_pretrained(tmp_path / "tiny")
    with pytest.raises(ValueError, match="restore failed: .*nope is not a checkpoint folder"):
        peak_memory(width=96, height=64, checkpoint=tmp_path / "nope")
    with pytest.raises(ValueError, match="restore failed: .*no_encoder"):
        peak_memory(width=96, height=64, checkpoint=tmp_path / "tiny", text_encoder_path=tmp_path / "no_encoder")
