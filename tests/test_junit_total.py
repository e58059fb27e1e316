"""The closing total of bin/run-tests equals the sum of what pytest reports."""

import os
import subprocess
import sys

from junit_total import totals

HERE = os.path.dirname(os.path.abspath(__file__))

# What pytest writes for two tests, one of which ran two subtests: the suite
# says tests="4", pytest's summary says "2 passed, 2 subtests passed".
WITH_SUBTESTS = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="0" skipped="0"
 tests="4"><testcase classname="a" name="test_one"/>
<testcase classname="a" name="test_two"/></testsuite></testsuites>"""

MIXED = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="1" failures="1" skipped="1"
 tests="5"><testcase classname="b" name="test_ok"/>
<testcase classname="b" name="test_bad"><failure message="x">x</failure></testcase>
<testcase classname="b" name="test_broken"><error message="y">y</error></testcase>
<testcase classname="b" name="test_later"><skipped message="z"/></testcase>
<testcase classname="b" name="test_out"><system-out>log</system-out></testcase>
</testsuite></testsuites>"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_subtests_are_not_counted_as_tests(tmp_path):
    assert totals([_write(tmp_path, "a.xml", WITH_SUBTESTS)]) == (2, 0, 0)


def test_outcomes_and_several_reports(tmp_path):
    paths = [
        _write(tmp_path, "a.xml", WITH_SUBTESTS),
        _write(tmp_path, "b.xml", MIXED),
        str(tmp_path / "missing.xml"),
        _write(tmp_path, "broken.xml", "<testsuites"),
    ]
    assert totals(paths) == (4, 2, 1)


def test_closing_line(tmp_path):
    path = _write(tmp_path, "b.xml", MIXED)
    output = subprocess.run(
        [sys.executable, os.path.join(HERE, "junit_total.py"), path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert output == "total: 2 passed, 2 failed, 1 skipped\n"
