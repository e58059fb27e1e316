"""Print the closing total of bin/run-tests from pytest's JUnit XML reports.

    python3 tests/junit_total.py REPORT.xml [REPORT.xml ...]

Counts the ``<testcase>`` elements, as pytest's own summary does: a test that
runs subtests is one test (the suite's ``tests`` attribute also counts each
subtest report, which made the total larger than the sum of the pytest runs).
A test case with a ``<failure>`` or ``<error>`` is failed, one with
``<skipped>`` skipped. A missing or unreadable report counts nothing.
"""

import sys
import xml.etree.ElementTree as ET


def totals(paths):
    passed = failed = skipped = 0
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError):
            continue
        for case in root.iter("testcase"):
            outcomes = {child.tag for child in case}
            if outcomes & {"failure", "error"}:
                failed += 1
            elif "skipped" in outcomes:
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped


def main(paths):
    passed, failed, skipped = totals(paths)
    print(f"total: {passed} passed, {failed} failed, {skipped} skipped")


if __name__ == "__main__":
    main(sys.argv[1:])
