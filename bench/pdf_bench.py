"""Benchmark the portfolio PDF: xhtml2pdf alone against ``render_pdf`` (resource policy + fonts).

Usage: ``.venv/bin/python bench/pdf_bench.py [--runs 5]``. Not a test: it prints a Markdown table.

The document is portfolio-sized: a cover, a table of contents, 10 practice examples of about 2,500
characters, a 40-row coverage table and 40 evidence items (4 with a photo), rendered through
``portfolio/pdf/base.html``. Each measurement runs in a fresh process, so font registration and
caches are paid every time, as in a Celery task rendering one portfolio. Modes:

* ``xhtml2pdf (no fonts)``: ``pisa.CreatePDF`` with defaults, run where neither the fonts nor the
  photos can be found (Helvetica, no images). Reference only.
* ``xhtml2pdf``: ``pisa.CreatePDF`` with defaults, run from a directory holding the fonts and
  photos, so it does the same work as ``render_pdf`` minus the resolver and the policy.
* ``render_pdf``: :func:`lms.portfolio.pdf.render_pdf` with the media directory as its only root.
* ``render_pdf, RL_useA85=0``: the same with ReportLab's ASCII85 stream encoding turned off through
  its environment variable. ReportLab encodes in pure Python without the optional ``rl-accel``
  package, which dominates the time once photos are embedded.

Every child imports ``lms.portfolio.pdf`` (and so the Celery app in ``lms``), so peak RSS has the
same baseline in every mode. Targets: ``render_pdf`` ≤ 1.5 × ``xhtml2pdf``, < 3 s, peak RSS < 200 MiB.
"""

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ("xhtml2pdf (no fonts)", "xhtml2pdf", "render_pdf", "render_pdf, RL_useA85=0")
TARGET_RATIO, TARGET_SECONDS, TARGET_RSS_MIB = 1.5, 3.0, 200

WORDS = (
    "accompagnement usager démarche numérique administration en ligne atelier collectif France Services "
    "messagerie sécurisée identité numérique FranceConnect cœur de métier médiation autonomie diagnostic "
    "besoins séance individuelle bénévoles partenaires CCAS fracture numérique compétences évaluées "
    "sensibilisation cybersécurité mot de passe hameçonnage smartphone tablette ordinateur « Aidants Connect » "
    "suivi œuvre collective coût 15 € réussite ✓ l’usager s’est approprié – étape clé"
).split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 22))
    return " ".join(words).capitalize() + "."


def _paragraphs(rng: random.Random, chars: int) -> str:
    paragraphs, size = [], 0
    while size < chars:
        text = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(f"<p>{text}</p>")
        size += len(text)
    return "".join(paragraphs)


def build_content(rng: random.Random) -> str:
    """Return the body of a realistic portfolio, to go into ``portfolio/pdf/base.html``."""
    parts = [
        "<h1>Dossier de validation — Portfolio VAE</h1>",
        "<p>Titre professionnel Médiateur numérique — Session 2026</p>",
        "<p><b>Candidate :</b> Élodie Lefèvre-Nguyễn · <b>Organisme :</b> Tremplin Formation</p>",
        '<h2 style="page-break-before: always">Sommaire</h2><ol>',
    ]
    parts += [f"<li>Exemple de pratique n° {i} : situation d’accompagnement</li>" for i in range(1, 11)]
    parts.append("<li>Tableau de couverture des compétences</li><li>Preuves</li></ol>")
    for i in range(1, 11):
        parts.append(f'<h2 style="page-break-before: always">Exemple de pratique n° {i}</h2>')
        parts.append(_paragraphs(rng, 2_500))
    parts.append('<h2 style="page-break-before: always">Couverture des compétences</h2>')
    parts.append('<table repeat="1"><tr><th>Code</th><th>Compétence</th><th>Exemples</th><th>Preuves</th></tr>')
    for i in range(1, 41):
        examples = ", ".join(str(n) for n in sorted(rng.sample(range(1, 11), 3)))
        parts.append(
            f"<tr><td>C{i:02d}</td><td>{_sentence(rng)}</td><td>✓ {examples}</td><td>{rng.randint(1, 4)}</td></tr>"
        )
    parts.append('</table><h2 style="page-break-before: always">Preuves</h2>')
    for i in range(1, 41):
        parts.append(f"<h3>Preuve {i} — attestation de participation</h3><p>{_sentence(rng)} {_sentence(rng)}</p>")
        if i % 10 == 0:
            parts.append(f'<img src="evidence/photo-{i // 10}.jpg" width="220" height="165">')
    return "".join(parts)


def prepare(workdir: Path) -> Path:
    """Write the HTML, the photos and a copy of the fonts under ``workdir``; return the HTML path."""
    from django.conf import settings
    from django.template import Context, Engine
    from PIL import Image

    if not settings.configured:
        settings.configure(USE_I18N=False)
    media = workdir / "media"
    (media / "evidence").mkdir(parents=True)
    (workdir / "empty").mkdir()
    rng = random.Random(2026)
    for n in range(1, 5):
        noise = Image.effect_noise((1600, 1200), 40).convert("RGB")
        noise.save(media / "evidence" / f"photo-{n}.jpg", quality=85)
    for font in (ROOT / "lms" / "portfolio" / "fonts").glob("*.ttf"):
        shutil.copy(font, media / font.name)  # for the "xhtml2pdf" mode's default policy (cwd)
    engine = Engine(
        dirs=[str(ROOT / "lms" / "portfolio" / "templates")], libraries={"i18n": "django.templatetags.i18n"}
    )
    template = engine.from_string(
        '{% extends "portfolio/pdf/base.html" %}{% block content %}{{ content|safe }}{% endblock content %}'
    )
    html = template.render(Context({"content": build_content(rng), "footer_text": "Portfolio d’Élodie Lefèvre"}))
    html_path = workdir / "portfolio.html"
    html_path.write_text(html, encoding="utf-8")
    return html_path


def child(mode: str, html_path: Path, media: Path) -> None:
    """Render once in this fresh process and print the measurements as JSON."""
    sys.path.insert(0, str(ROOT))
    from pypdf import PdfReader
    from xhtml2pdf import pisa

    # Imported in every mode, so each child loads the same packages (lms loads the Celery app).
    from lms.portfolio.pdf import render_pdf

    html = html_path.read_text(encoding="utf-8")
    start, cpu_start = time.perf_counter(), time.process_time()
    if mode.startswith("render_pdf"):
        pdf = render_pdf(html, allowed_roots=[media])
    else:
        output = BytesIO()
        if pisa.CreatePDF(html, dest=output).err:
            raise SystemExit("xhtml2pdf reported errors")
        pdf = output.getvalue()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    pages = len(PdfReader(BytesIO(pdf)).pages)
    print(
        json.dumps({"seconds": seconds, "cpu": cpu, "rss_mib": rss_kib / 1024, "pages": pages, "kib": len(pdf) / 1024})
    )


def run_child(mode: str, html_path: Path, workdir: Path) -> dict:
    """Render once in a fresh process; return its measurements plus the process wall time."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(html_path), str(workdir / "media")],
        cwd=workdir / ("empty" if mode == "xhtml2pdf (no fonts)" else "media"),
        env={**os.environ, "RL_useA85": "0"} if "RL_useA85" in mode else None,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - start
    return result


def summarise(results: list[dict]) -> dict:
    seconds = [r["seconds"] for r in results]
    return {
        "median": statistics.median(seconds),
        "min": min(seconds),
        "max": max(seconds),
        "cpu": statistics.median(r["cpu"] for r in results),
        "process": statistics.median(r["process"] for r in results),
        "rss": statistics.median(r["rss_mib"] for r in results),
        "rss_max": max(r["rss_mib"] for r in results),
        "pages": results[0]["pages"],
        "kib": results[0]["kib"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "HTML", "MEDIA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return

    workdir = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    try:
        html_path = prepare(workdir)
        html_size = html_path.stat().st_size
        load_before = os.getloadavg()[0]
        results: dict[str, list[dict]] = {mode: [] for mode in MODES}
        # Modes take turns within each round, so background load hits all of them alike.
        for _ in range(args.runs):
            for mode in MODES:
                results[mode].append(run_child(mode, html_path, workdir))
        stats = {mode: summarise(mode_results) for mode, mode_results in results.items()}
        load_after = os.getloadavg()[0]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"Portfolio HTML: {html_size:,} bytes; {args.runs} fresh processes per mode, interleaved.")
    print(f"CPUs: {os.cpu_count()}; 1-min load average before / after: {load_before:.2f} / {load_after:.2f}\n")
    print(
        "| Mode | Median render wall (s) | Min–max (s) | Median render CPU (s) | Median process wall (s) "
        "| Peak RSS median / max (MiB) | Pages | PDF (KiB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for mode, s in stats.items():
        print(
            f"| {mode} | {s['median']:.2f} | {s['min']:.2f}–{s['max']:.2f} | {s['cpu']:.2f} | {s['process']:.2f} "
            f"| {s['rss']:.0f} / {s['rss_max']:.0f} | {s['pages']} | {s['kib']:.0f} |"
        )
    ours, base = stats["render_pdf"], stats["xhtml2pdf"]
    checks = [
        (
            f"render_pdf / xhtml2pdf = {ours['median'] / base['median']:.2f}×",
            f"≤ {TARGET_RATIO}×",
            ours["median"] / base["median"] <= TARGET_RATIO,
        ),
        (f"render_pdf median = {ours['median']:.2f} s", f"< {TARGET_SECONDS} s", ours["median"] < TARGET_SECONDS),
        (
            f"render_pdf peak RSS = {ours['rss_max']:.0f} MiB",
            f"< {TARGET_RSS_MIB} MiB",
            ours["rss_max"] < TARGET_RSS_MIB,
        ),
    ]
    print()
    for measured, target, ok in checks:
        print(f"- {measured} (target {target}): {'OK' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
