

def test_commands_needing_the_voice_say_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rendering import lengths, pronunciation

    monkeypatch.setenv("DERIVED_TRANSFORMER_VOICE", "off")
    assert lengths.main([]) == 2
    assert pronunciation.main([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("the voice is not installed" in line for line in err)
    assert all("pip install -e '.[voice]'" in line for line in err)
