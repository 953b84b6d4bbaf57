"""The pages: each handler checks who may see it, calls one function of
`pipeline.tasks`, and renders. Actions are POST forms (CSRF-protected by the app) that
redirect back to the page they came from with a message; an upload answers at once with
its findings.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.routing import BaseConverter, ValidationError

from pipeline import accounts, acting, tasks
from pipeline.acting import Actor, NotAllowed
from pipeline.archive import is_archived
from pipeline.errors import DataKinerjaError
from pipeline.findings import CATALOGUE
from pipeline.katim_analysis import katim_file_name
from pipeline.office_report import report_file_name
from pipeline.periods import Period
from pipeline.report import counts_line, percent
from pipeline.review_log.progress import report_words, status_table, timeliness
from pipeline.sop import sop_steps
from pipeline.tidy import tidy_file_name
from pipeline.uploads import MAX_UPLOAD, latest_feedback
from pipeline.web.app import User, current_actor, current_master, data_folder, folders
from pipeline.web.charts import colours, predikat_bars, unit_bars
from pipeline.workbooks import open_inside

pages = Blueprint("pages", __name__)


class PeriodConverter(BaseConverter):
    """`2026-TW3` in a page's address; anything else is no page (404)."""

    regex = r"\d{4}-TW[1-4]"

    def to_python(self, value: str) -> Period:
        try:
            return Period.parse(value)
        except DataKinerjaError:  # a year the office has no period of: no page either
            raise ValidationError() from None

    def to_url(self, value: object) -> str:
        return str(value)


@pages.record_once
def _register_converter(state: object) -> None:
    state.app.url_map.converters["periode"] = PeriodConverter  # type: ignore[attr-defined]


@pages.app_context_processor
def _common() -> dict[str, object]:
    return {
        "steps": sop_steps(),
        "report_words": report_words,
        "counts_line": counts_line,
        "percent": percent,  # `87,84%` as the workbook writes it
        "max_upload": MAX_UPLOAD,
    }


# --- logging in and out ------------------------------------------------------------------


@pages.route("/masuk", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for(".index"))
    message = None
    if request.method == "POST":
        try:
            account, token = accounts.log_in(
                data_folder(),
                request.form.get("nama", ""),
                request.form.get("sandi", ""),
                request.remote_addr or "",
            )
        except accounts.LoginRefused as refused:
            message = refused.message
        else:
            login_user(User(account, token))
            return redirect(url_for(".index"))
    office = current_master().office.get("nama dinas", "")
    return render_template(
        "login.html", message=message, office=office
    ), 200 if not message else 401


@pages.post("/keluar")
@login_required
def logout() -> ResponseReturnValue:
    accounts.log_out(data_folder(), current_user.token)
    logout_user()
    flash("Anda sudah keluar.", "info")
    return redirect(url_for(".login"))


# --- what waits for me -------------------------------------------------------------------


@pages.get("/")
@login_required
def index() -> ResponseReturnValue:
    return redirect(url_for(".home", period=acting.current_period(folders())))


@pages.get("/<periode:period>/")
@login_required
def home(period: Period) -> ResponseReturnValue:
    actor = current_actor()
    waiting = acting.waiting_for(folders(), period, actor)
    review = folders().status(current_master(), period)
    elsewhere = acting.waiting_elsewhere(folders(), period, actor)
    return _page("home.html", period, actor, waiting=waiting, review=review, elsewhere=elsewhere)


def _page(template: str, period: Period, actor: Actor, **context: object) -> str:
    master = current_master()
    units = [u for u in master.units_of_year(period.year) if actor.sees_unit(u)]
    return render_template(
        template,
        period=period,
        periods=acting.periods(folders()),
        actor=actor,
        account=current_user.account,
        units=units,
        unit_names={u: str(master.units.at[u, "nama"]) for u in master.units.index},
        office=master.office.get("nama dinas", ""),
        is_program=actor.is_program(master),
        is_leader=actor.office_wide,
        **context,
    )


@pages.post("/<periode:period>/langkah/<int:step>")
@login_required
def record(period: Period, step: int) -> ResponseReturnValue:
    """One action of the person's own step, for the units ticked."""
    decisions = {"setujui": True, "kembalikan": False}
    if request.form.get("keputusan", "setujui") not in decisions:
        abort(400)
    approve = decisions[request.form.get("keputusan", "setujui")]
    try:
        recorded = acting.act(
            folders(),
            period,
            current_actor(),
            step,
            request.form.getlist("unit"),
            approve,
            # a text box sends its line breaks as CR LF; the log keeps lines with LF
            request.form.get("catatan", "").replace("\r\n", "\n"),
        )
    except NotAllowed:
        raise
    except DataKinerjaError as refused:
        flash(refused.message, "galat")
    else:
        for done in recorded:
            flash(done.sentence, "ok")
        if recorded and recorded[-1].review is not None:
            flash(f"Posisi SOP sekarang: {recorded[-1].review.sentence}.", "info")
    return redirect(_back(period))


# A path of this site as the pages write them: no scheme, no host, no second slash first,
# no space, control character or backslash a browser would read as something else.
SITE_PATH = re.compile(r"/(?!/)[A-Za-z0-9._~%/-]*")


def _back(period: Period) -> str:
    """The page a form came from when it is a page of this site, else the home page."""
    target = request.form.get("kembali", "")
    return target if SITE_PATH.fullmatch(target) else url_for(".home", period=period)


# --- a unit's page ----------------------------------------------------------------------


def _unit_for(period: Period, unit: str, actor: Actor) -> str:
    """The unit of the address, when the master knows it for the year and the person
    may see it (404 and 403 otherwise)."""
    code = unit.upper()
    if code not in current_master().units_of_year(period.year):
        abort(404)
    if not actor.sees_unit(code):
        raise NotAllowed(f"Halaman unit {code} hanya untuk unit itu dan pimpinan Dinas.")
    return code


@pages.get("/<periode:period>/unit/<unit>")
@login_required
def unit_page(period: Period, unit: str) -> ResponseReturnValue:
    actor = current_actor()
    code = _unit_for(period, unit, actor)
    return _unit_page(period, actor, code)


def _unit_page(
    period: Period, actor: Actor, unit: str, received: acting.Received | None = None
) -> str:
    master = current_master()
    view = acting.unit_view(folders(), period, unit)
    waiting = {
        w.step.number: w for w in acting.waiting_for(folders(), period, actor) if w.unit == unit
    }
    may_upload = actor.may_upload(master, unit)
    return _page(
        "unit.html",
        period,
        actor,
        view=view,
        waiting=waiting,
        received=received,
        may_upload=may_upload,
    )


@pages.post("/<periode:period>/unit/<unit>/unggah")
@login_required
def upload(period: Period, unit: str) -> ResponseReturnValue:
    actor = current_actor()
    code = _unit_for(period, unit, actor)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        flash("Pilih dulu file templat yang sudah diisi, lalu tekan Unggah dan periksa.", "galat")
        return redirect(url_for(".unit_page", period=period, unit=code))
    try:
        received = acting.upload_unit_file(
            folders(), period, actor, code, sent.stream.read(MAX_UPLOAD + 1), sent.filename
        )
    except NotAllowed:
        raise
    except DataKinerjaError as refused:
        flash(refused.message, "galat")
        return redirect(url_for(".unit_page", period=period, unit=code))
    return _unit_page(period, actor, code, received)


@pages.get("/<periode:period>/unit/<unit>/templat")
@login_required
def template(period: Period, unit: str) -> ResponseReturnValue:
    code = _unit_for(period, unit, current_actor())
    made = tasks.make_templates(folders(), period, [code])
    # named as the unit hands it in: `validasi` knows the unit by the file's name
    return _download(folders().output, made[0].path, f"{code}.xlsx")


@pages.get("/<periode:period>/unit/<unit>/file")
@login_required
def unit_file(period: Period, unit: str) -> ResponseReturnValue:
    code = _unit_for(period, unit, current_actor())
    view = acting.unit_view(folders(), period, code)
    if view.stored is None:
        abort(404)
    return _download(folders().input, view.stored, f"{code}-{period}{view.stored.suffix}")


@pages.get("/<periode:period>/unit/<unit>/umpan-balik")
@login_required
def feedback(period: Period, unit: str) -> ResponseReturnValue:
    code = _unit_for(period, unit, current_actor())
    path = latest_feedback(folders().output, period, code)
    if path is None:
        abort(404)
    return _download(folders().output, path, f"Umpan-Balik-{code}-{period}.xlsx")


def _download(folder: Path, path: Path, name: str) -> ResponseReturnValue:
    """A file the tool wrote or kept in `folder`, as an attachment (never shown as a
    page); a link or anything but a regular file there is no file (404)."""
    handle = open_inside(folder, path)
    if handle is None:
        abort(404)
    return send_file(handle, as_attachment=True, download_name=name, max_age=0)


# --- the Katim Penyusunan Program ------------------------------------------------------


def _program(actor: Actor) -> None:
    if not actor.is_program(current_master()):
        raise NotAllowed("Halaman ini untuk Katim Penyusunan Program.")


@pages.get("/<periode:period>/program")
@login_required
def program(period: Period) -> ResponseReturnValue:
    actor = current_actor()
    _program(actor)
    master = current_master()
    review = folders().status(master, period)
    waits = acting.waiting_for(folders(), period, actor)
    waiting = {(w.step.number, w.unit): w for w in waits}
    output = folders().output / str(period)
    return _page(
        "program.html",
        period,
        actor,
        review=review,
        table=status_table(review) if review else [],
        submissions=timeliness(review, master.deadlines.get(str(period))) if review else [],
        deadline=master.deadlines.get(str(period)),
        waiting=waiting,
        nota_units=[w.unit for w in waits if w.step.number == 2],
        report=(output / report_file_name(period)).is_file(),
        archived=is_archived(folders().output, period),
        tidy=(output / tidy_file_name(period)).is_file(),
        katim_template=(output / "template" / katim_file_name(period)).is_file(),
    )


@pages.post("/<periode:period>/program/konsolidasi")
@login_required
def consolidate(period: Period) -> ResponseReturnValue:
    actor = current_actor()
    _program(actor)
    draft = request.form.get("draf") == "ya"
    try:
        done = acting.consolidate_as(folders(), period, actor, draft)
    except NotAllowed:
        raise
    except DataKinerjaError as refused:
        flash(refused.message, "galat")
    else:
        ev = done.evaluation
        kind = f"Draf laporan ({ev.draft_note})" if ev.draft else "Laporan"
        flash(
            f"{kind} {period} ditulis: capaian Dinas {percent(ev.office_capaian)} "
            f"({ev.office_predikat}), {ev.counted} dari {len(ev.records)} indikator dihitung.",
            "ok",
        )
    return redirect(url_for(".program", period=period))


@pages.post("/<periode:period>/program/analisis")
@login_required
def katim_analysis(period: Period) -> ResponseReturnValue:
    """The Katim's own analysis file, checked and, when the report can use it, kept."""
    actor = current_actor()
    _program(actor)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        flash("Pilih dulu file analisis yang sudah diisi, lalu tekan Unggah analisis.", "galat")
        return redirect(url_for(".program", period=period))
    try:
        received = acting.upload_katim_analysis(
            folders(), period, actor, sent.stream.read(MAX_UPLOAD + 1)
        )
    except NotAllowed:
        raise
    except DataKinerjaError as refused:
        flash(refused.message, "galat")
        return redirect(url_for(".program", period=period))
    analysis = received.analysis
    if not analysis.used:
        # the finding's own hint is written for the folder; here the way is the form
        title = CATALOGUE[analysis.findings[0].code].title if analysis.findings else "?"
        flash(
            f"File tidak disimpan: {title[0].lower()}{title[1:]}. Unggah templat analisis "
            f"periode {period} yang sudah diisi (Unduh templat analisis Katim, di atas).",
            "galat",
        )
        return redirect(url_for(".program", period=period))
    filled = sum(1 for texts in analysis.paragraphs.values() if texts)
    flash(
        f"Analisis disimpan ({filled} sasaran berisi uraian). Susun laporan lagi agar "
        "uraiannya masuk ke sheet Analisis.",
        "ok",
    )
    for finding in analysis.findings:
        flash(f"{finding.severity}: {finding.message} {finding.hint}", "info")
    return redirect(url_for(".program", period=period))


@pages.get("/<periode:period>/unduh/<kind>")
@login_required
def download(period: Period, kind: str) -> ResponseReturnValue:
    """The office's files: the workbook and the CSV (leadership and the Katim Program),
    the template for the Katim's analysis (the Katim Program)."""
    actor = current_actor()
    names = {
        "laporan": report_file_name(period),
        "csv": tidy_file_name(period),
        "analisis-katim": katim_file_name(period),
    }
    if kind not in names:
        abort(404)
    if not actor.office_wide:
        raise NotAllowed("Laporan Dinas hanya untuk pimpinan dan Katim Penyusunan Program.")
    if kind == "analisis-katim":
        _program(actor)
        path = folders().output / str(period) / "template" / names[kind]
    else:
        path = folders().output / str(period) / names[kind]
    return _download(folders().output, path, names[kind])


# --- leadership --------------------------------------------------------------------------


@pages.get("/<periode:period>/pimpinan")
@login_required
def leadership(period: Period) -> ResponseReturnValue:
    actor = current_actor()
    if not actor.office_wide:
        raise NotAllowed(
            "Ringkasan Dinas untuk Kepala Dinas, Sekretaris dan Katim Penyusunan Program."
        )
    seen = acting.overview(folders(), period)
    waiting = {
        w.step.number: w
        for w in acting.waiting_for(folders(), period, actor)
        if w.step.number in (9, 10)
    }
    master = current_master()
    submitted = timeliness(seen.review, master.deadlines.get(str(period))) if seen.review else []
    return _page(
        "leadership.html",
        period,
        actor,
        seen=seen,
        ev=seen.evaluation,
        waiting=waiting,
        submitted={s.unit: s for s in submitted},
        unit_chart=unit_bars(seen.evaluation),
        colours=colours(seen.evaluation),
        handed=next((e for e in reversed(seen.review.log.events) if e.step == 8 and e.sha256), None)
        if seen.review
        else None,
        predikat_chart=predikat_bars(seen.evaluation),
    )
