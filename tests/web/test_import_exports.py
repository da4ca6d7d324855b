"""The import page takes any export `clientfit import` reads: dry-run preview with every
problem, commit only on confirmation (CSRF-protected, admin only), files deleted afterwards."""

from __future__ import annotations

import glob
import io
import tempfile
import zipfile
from pathlib import Path

from clientfit.web import imports
from tests.web.conftest import csrf_of, login

DATA = Path(__file__).parents[1] / "data" / "imports"
REPO = Path(__file__).parents[2]


def _uploads_left() -> set[str]:
    return set(glob.glob(str(Path(tempfile.gettempdir()) / "clientfit-upload-*")))


def _post(client, csrf: str, files: list[tuple[str, bytes]], **form):
    return client.post("/import/preview", data={"csrf_token": csrf, **form},
                       files=[("upload", (name, content, "text/csv")) for name, content in files])


def _token(html: str) -> str:
    return html.split('name="token" value="')[1].split('"')[0]


def test_a_harvest_export_previews_then_imports_on_confirmation(web_app):
    admin = login(web_app, "admin")
    csrf = csrf_of(admin.get("/import").text)
    before_dirs = _uploads_left()
    harvest = (DATA / "harvest_us.csv").read_bytes()
    preview = _post(admin, csrf, [("harvest_us.csv", harvest)])
    assert preview.status_code == 200, preview.text
    html = preview.text
    assert "Import now" in html and "<td>harvest</td>" in html  # recognised by `auto`
    assert 'id="new-clients"' in html and "Acme Ltd" in html
    # nothing is written by the preview; the saved file lives outside the repository
    assert "Acme Ltd" not in {c["name"] for c in admin.get("/portfolio.json").json()["clients"]}
    new_dirs = _uploads_left() - before_dirs
    assert len(new_dirs) == 1
    saved = Path(next(iter(new_dirs)))
    assert not saved.resolve().is_relative_to(REPO.resolve())
    assert (saved / "harvest_us.csv").read_bytes() == harvest

    # commit needs the CSRF token, the admin who previewed, and happens once
    token = _token(html)
    forged = admin.post("/import/commit", data={"token": token})
    assert forged.status_code == 403
    anna = login(web_app, "anna")
    anna_csrf = csrf_of(anna.get("/portfolio").text)
    assert anna.post("/import/commit", data={"token": token, "csrf_token": anna_csrf}
                     ).status_code == 403
    done = admin.post("/import/commit", data={"token": token, "csrf_token": csrf})
    assert done.status_code == 200 and 'id="import-done"' in done.text
    assert not saved.exists()  # deleted after the import
    assert admin.post("/import/commit", data={"token": token, "csrf_token": csrf}
                      ).status_code == 400
    with web_app.state.web.store.reading() as connection:
        names = {row[0] for row in connection.exec_driver_sql("select name from clients")}
    assert "Acme Ltd" in names
    # importing the same file again adds nothing
    again = _post(admin, csrf, [("harvest_us.csv", harvest)])
    assert "would add 0 and update" in again.text


def test_a_bad_export_lists_every_problem_with_file_line_and_field(web_app):
    admin = login(web_app, "admin")
    csrf = csrf_of(admin.get("/import").text)
    before_dirs = _uploads_left()
    bad = _post(admin, csrf, [("toggl export.csv", (DATA / "toggl_bad.csv").read_bytes()),
                              ("harvest_bad.csv", (DATA / "harvest_bad.csv").read_bytes())])
    assert bad.status_code == 200
    html = bad.text
    assert "Import now" not in html and "3 problems" in html
    table = html.split('id="problems"')[1].split("</table>")[0]
    assert "<td>toggl export.csv</td><td>4</td><td>Duration</td>" in table
    assert "<td>harvest_bad.csv</td><td>3</td><td>Date</td>" in table
    assert "<td>harvest_bad.csv</td><td>4</td><td>Hours</td>" in table
    assert _uploads_left() == before_dirs  # nothing to commit: deleted at once


def test_a_zip_of_exports_and_a_named_source(web_app):
    admin = login(web_app, "admin")
    csrf = csrf_of(admin.get("/import").text)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        zipped.writestr("exports/clockify.csv", (DATA / "clockify_us.csv").read_bytes())
        zipped.writestr("exports/stripe.csv", (DATA / "stripe_invoices.csv").read_bytes())
        zipped.writestr("exports/readme.md", "not an export")
    preview = admin.post("/import/preview", data={"csrf_token": csrf},
                         files={"upload": ("exports.zip", buffer.getvalue(), "application/zip")})
    assert preview.status_code == 200, preview.text
    assert "<td>clockify</td>" in preview.text and "<td>stripe-invoices</td>" in preview.text
    assert "exports.zip/clockify.csv" in preview.text
    # a source named on the form reads the file as that source, whatever its content
    wrong = _post(admin, csrf, [("harvest.csv", (DATA / "harvest_us.csv").read_bytes())],
                  source="stripe-payments")
    assert wrong.status_code == 200 and "Import now" not in wrong.text
    assert 'id="problems"' in wrong.text


def test_bad_forms_are_refused_clearly(web_app):
    admin = login(web_app, "admin")
    csrf = csrf_of(admin.get("/import").text)
    harvest = [("h.csv", (DATA / "harvest_us.csv").read_bytes())]
    unknown = _post(admin, csrf, harvest, source="excel")
    assert unknown.status_code == 400 and "valid: auto, bundle" in unknown.text
    assert _post(admin, csrf, harvest, date_format="yyyy").status_code == 400
    assert _post(admin, csrf, harvest, encoding="klingon").status_code == 400
    assert admin.post("/import/preview", data={"csrf_token": csrf}).status_code == 400
    unknown_kind = _post(admin, csrf, [("notes.csv", b"a,b\n1,2\n")])
    assert unknown_kind.status_code == 200 and "cannot tell which export" in unknown_kind.text
    anna = login(web_app, "anna")
    assert _post(anna, csrf_of(anna.get("/portfolio").text), harvest).status_code == 403


def test_safe_names_keep_the_suffix_and_drop_folders():
    taken: set[str] = set()
    assert imports.safe_name("../../etc/passwd", taken) == "passwd"
    assert imports.safe_name("C:\\Users\\a\\Harvest export.CSV", taken) == "Harvest_export.CSV"
    assert imports.safe_name("harvest_export.csv", taken) == "harvest_export-2.csv"
    assert imports.safe_name(".hidden", taken) == "hidden"
    assert imports.safe_name(None, taken) == "upload"
