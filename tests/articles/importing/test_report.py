"""The run's report: each note written as it comes, and a summary in bounded memory that an aborted run prints too
(an export cut short, Ctrl-C, a fault of the importer's own), before the command exits non-zero."""

import io

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections

from articles.importing import run
from articles.importing.run import NOTE_KINDS, Report
from articles.importing.services import Importer
from articles.models import Article, Image
from tests.articles.importing.conftest import EXPORT, notes, streamed, summary

pytestmark = pytest.mark.django_db
TIMETABLE = "attachment 106 “timetable”"  # the export's last item, a PDF: noted
POST_11 = "post 11 “The harbour wall, restored”"


@pytest.fixture
def cut_off(tmp_path):
    """The export as a download cut off in the middle of an item, after every attachment."""
    text = EXPORT.read_text()
    whole = text[: text.rindex("</item>") + len("</item>")]
    path = tmp_path / "cut-off.xml"
    path.write_text(whole + "\n\t<item>\n\t\t<title><![CDATA[Half an item]]></title>\n\t\t<link>https://old")
    return path


def from_the_shell(*args, monkeypatch):
    """What ``manage.py import_wordpress …`` prints to stdout and stderr, and its exit status."""
    monkeypatch.setattr(connections, "close_all", lambda: None)  # the test's own transaction stays open
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    try:
        ManagementUtility(["manage.py", "import_wordpress", *[str(arg) for arg in args]]).execute()
        status = 0
    except SystemExit as leaving:
        status = leaving.code
    return out.getvalue(), err.getvalue(), status


def test_an_export_cut_off_mid_item_still_reports_what_came_before_and_exits_non_zero_without_a_traceback(
    cut_off, uploads, monkeypatch
):
    out, err, status = from_the_shell(cut_off, "--uploads", uploads, "--no-progress", monkeypatch=monkeypatch)

    assert status == 1
    assert err.startswith(f"CommandError: {cut_off}: The export is not well-formed XML: ")
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert notes(out) == {TIMETABLE: ["attachment 106 is not a photo (timetable.pdf); not imported"]}
    headline, *counts = summary(out)
    assert headline.startswith(f"Import stopped ({cut_off}: The export is not well-formed XML: ")
    assert headline.endswith("). What was imported before it is kept; a second run skips it.")
    assert counts == [
        "attachments: 5 created, 1 skipped",
        "Notes by kind:",
        "  1 × attachment N is not a photo (…); not imported",
        "1 note(s), 0 item(s) failed",
    ]
    assert Image.objects.count() == 5

    again = io.StringIO()
    call_command("import_wordpress", str(EXPORT), "--uploads", str(uploads), stdout=again)

    assert "attachments: 5 unchanged, 1 skipped" in summary(again.getvalue())
    assert Image.objects.count() == 5


def test_a_dry_run_of_an_export_cut_off_says_so_and_writes_nothing(cut_off, uploads, media_root):
    out = io.StringIO()

    with pytest.raises(CommandError, match="not well-formed"):
        call_command("import_wordpress", str(cut_off), "--uploads", str(uploads), "--dry-run", stdout=out)

    assert summary(out.getvalue())[0].endswith("). Nothing was written.")
    assert summary(out.getvalue())[0].startswith("Dry run stopped (")
    assert not Image.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_an_interrupted_run_has_written_the_notes_so_far_and_prints_its_summary(uploads, monkeypatch):
    post = Importer.post

    def interrupted_at_post_12(self, item):
        if item.post_id == "12":
            raise KeyboardInterrupt
        return post(self, item)

    monkeypatch.setattr(Importer, "post", interrupted_at_post_12)
    out = io.StringIO()

    with pytest.raises(CommandError, match="Interrupted") as stopped:
        call_command("import_wordpress", str(EXPORT), "--uploads", str(uploads), stdout=out)

    assert stopped.value.returncode == 130
    assert list(notes(out.getvalue())) == [TIMETABLE, "post 10 “Cafés & bars on the quay – a guide”", POST_11]
    assert summary(out.getvalue())[:3] == [
        "Import stopped (interrupted). What was imported before it is kept; a second run skips it.",
        "attachments: 5 created, 1 skipped",
        "posts: 2 created",
    ]
    assert Article.objects.count() == 2


def test_a_fault_after_the_posts_still_prints_the_summary_before_its_traceback(uploads, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the sticky step broke")

    monkeypatch.setattr(run, "_sticky", broken)
    out = io.StringIO()

    with pytest.raises(RuntimeError, match="the sticky step broke"):
        call_command("import_wordpress", str(EXPORT), "--uploads", str(uploads), stdout=out)

    assert f"{POST_11}: unknown shortcode [pullquote]: its text was kept" in streamed(out.getvalue())
    assert summary(out.getvalue())[:4] == [
        "Import stopped (RuntimeError: the sticky step broke). What was imported before it is kept; a second run "
        "skips it.",
        "attachments: 5 created, 1 skipped",
        "page items: 1 skipped",
        "posts: 6 created, 1 skipped, 1 failed",
    ]


def test_the_summary_counts_notes_by_kind_in_bounded_memory_while_every_note_is_written():
    written = []
    report = Report(write=written.append)

    for number in range(1, 1001):
        report.note(None, f"embed of no known provider kept as a link: https://site{number}.example/{number}/")
        report.note(None, f"the slug “post-{number}” is taken here: imported as “post-{number}-2”")
        report.note(None, f"/{number}/old-{number} is an editor's redirect already; left as it is")
    for number in range(NOTE_KINDS + 10):
        report.note(None, f"not imported: ValueError: {'a' * number} went wrong")

    assert len(written) == report.note_count == 3000 + NOTE_KINDS + 10
    assert written[0] == "export: embed of no known provider kept as a link: https://site1.example/1/"
    assert len(report.note_kinds) == NOTE_KINDS
    assert report.lines()[1:4] == [
        "  1000 × embed of no known provider kept as a link: …",
        "  1000 × the slug “…” is taken here: imported as “…”",
        "  1000 × … is an editor's redirect already; left as it is",
    ]
    assert report.lines()[-2:] == ["  13 × other kinds", f"{3000 + NOTE_KINDS + 10} note(s), 0 item(s) failed"]
