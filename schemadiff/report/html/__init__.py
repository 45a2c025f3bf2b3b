"""Self-contained HTML reports: one file per report, readable in any browser without a network.

:mod:`~schemadiff.report.html.page` holds what every page shares (the escaper, the stylesheet and
its Content-Security-Policy, the filter bar); :mod:`~schemadiff.report.html.diff`,
:mod:`~schemadiff.report.html.check` and :mod:`~schemadiff.report.html.validate` render one kind
of report each.
"""
