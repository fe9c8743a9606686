"""nnscratch lab: parsing, the catalogue it lists and its refusals (no mistake is run here: parity_tests/test_29_lab.py runs some)."""
import pytest

from nnscratch.cli import build_parser, main
from nnscratch.cli import lab

REQUIRED = ["lab-nb-sigmoid-sign", "lab-nb-dAL-sign", "lab-nb-db-scalar", "lab-nb-update-layer-shift",
            "lab-nb-print-never", "lab-nb-loop-iteration-2", "lab-byrow-fill", "lab-aperm-order",
            "lab-zero-based-permutation", "lab-locale-sort", "lab-bias-recycling", "lab-dropped-dimension",
            "lab-integer-overflow", "lab-copy-vs-alias", "lab-double-vs-integer", "lab-partial-matching",
            "lab-integer-division-sign", "lab-seq-1-to-0", "lab-na-vs-nan", "lab-sd-ddof"]


def test_parser_list_and_run():
    p = build_parser()
    assert p.parse_args(["lab", "list"]).lab_command == "list"
    a = p.parse_args(["lab", "run", "lab-nb-db-scalar", "--r-dir", "/x"])
    assert (a.lab_command, a.mistake, a.r_dir, a.all, a.jobs) == ("run", "lab-nb-db-scalar", "/x", False, 1)
    a = p.parse_args(["lab", "run", "--all", "-j", "2"])
    assert (a.mistake, a.all, a.jobs) == (None, True, 2)
    with pytest.raises(SystemExit):
        p.parse_args(["lab"])


def test_every_required_mistake_is_in_the_catalogue_with_its_lesson():
    entries = {m["id"]: m for m in lab.lab_entries()}
    assert [i for i in REQUIRED if i not in entries] == []
    for m in entries.values():
        assert m["title"] and len(m["lesson"]) > 80 and m["guide"], m["id"]
        assert m["lang"] in ("r", "python") and m["tests"], m["id"]
    assert sum(i.startswith("lab-nb-") for i in entries) == 6


def test_list_prints_id_language_file_title(capsys):
    assert main(["lab", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["mistake", "language", "file", "lesson"]
    row = next(line for line in out if line.startswith("lab-nb-db-scalar "))
    assert row.split()[1:3] == ["r", "R/backward.R"] and "rowSums" in row


@pytest.mark.parametrize("argv,message", [
    (["lab", "run"], "give one MISTAKE or --all"),
    (["lab", "run", "lab-nb-db-scalar", "--all"], "give one MISTAKE or --all"),
    (["lab", "run", "no-such-mistake"], "unknown mistake 'no-such-mistake'"),
])
def test_run_refusals(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_r_dir_must_be_a_folder_of_r_files(tmp_path, capsys):
    assert main(["lab", "run", "lab-nb-db-scalar", "--r-dir", str(tmp_path)]) == 2
    assert "is not a folder of R files" in capsys.readouterr().err


def test_r_dir_from_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NNSCRATCH_R_DIR", str(tmp_path / "missing"))
    assert main(["lab", "run", "lab-nb-db-scalar"]) == 2
    assert f"{tmp_path / 'missing'} is not a folder of R files" in capsys.readouterr().err


def test_without_a_checkout_it_says_what_is_missing(tmp_path, capsys):
    args = build_parser().parse_args(["lab", "list"])
    assert lab.cmd_lab(args, root=tmp_path) == 2
    err = capsys.readouterr().err
    assert "needs a checkout of the nnscratch repository" in err and str(tmp_path) in err
