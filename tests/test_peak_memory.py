"""evaluate --memory: the peak is the restoring process's own, not the evaluating process's."""
from restoration.evaluate import peak_memory


def test_peak_memory_is_the_cli_process_own():
    ballast = bytearray(1_500_000_000)  # the evaluating process is big after a table run
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # touch every page so it is resident
    m = peak_memory(width=96, height=64)
    assert 0.05 < m["peak_rss_gb"] < 1.2, m  # a small restore through the CLI, not the 1.5 GB here
    del ballast


def test_peak_memory_restores_with_the_checkpoint_encoder_and_ensemble_it_is_given(tiny_model, tmp_path):
    """QA 58 F09: evaluate --memory had timed the shipped weights whatever --checkpoint said."""
    import pytest

    from restoration.text import minilm_path

    tiny_model.save_pretrained(tmp_path / "tiny")
    m = peak_memory(width=96, height=64, checkpoint=tmp_path / "tiny", text_encoder_path=minilm_path(), ensemble=True)
    assert 0.05 < m["peak_rss_gb"] < 1.2, m
    with pytest.raises(ValueError, match="restore failed: .*nope is not a checkpoint folder"):
        peak_memory(width=96, height=64, checkpoint=tmp_path / "nope")
    with pytest.raises(ValueError, match="restore failed: .*no_encoder"):
        peak_memory(width=96, height=64, checkpoint=tmp_path / "tiny", text_encoder_path=tmp_path / "no_encoder")
