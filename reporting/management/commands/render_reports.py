"""Write report PDFs to files, without the web server.

The PDFs are the ones the web pages download: the same HTML (``documents``) through
the same cache (``pdf.cached_pdf``), so each document is rendered only once.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.models import Assessment
from partnerships.models import Partnership
from principles.models import PrincipleSet
from reporting import board_pack
from reporting.documents import (
    assessment_report_filename,
    assessment_report_html,
    board_pack_filename,
    board_pack_html,
)
from reporting.pdf import cached_pdf


class Command(BaseCommand):
    help = (
        "Write PDFs: one assessment's report (--assessment ID, which can be repeated), or a "
        "partnership's board pack for one principle set (--partnership SLUG --set SLUG). "
        "Prints the path of each file written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--assessment",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="An assessment's id. Give it more than once for several reports.",
        )
        parser.add_argument("--partnership", metavar="SLUG", help="A partnership's slug.")
        parser.add_argument(
            "--set", dest="set_slug", metavar="SLUG", help="A principle set's slug."
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=Path("."),
            metavar="DIR",
            help="The folder to write to (made if missing). Default: the current folder.",
        )

    def handle(self, *args, assessment, partnership, set_slug, out, **options):
        if not assessment and not partnership:
            raise CommandError("Give --assessment ID, or --partnership SLUG with --set SLUG.")
        if bool(partnership) != bool(set_slug):
            raise CommandError("Give --partnership and --set together.")
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} is a file, not a folder.")

        # Find everything before writing anything, so a mistake writes nothing.
        documents = [_assessment_document(pk) for pk in assessment]
        if partnership:
            documents.append(_board_pack_document(partnership, set_slug))

        out.mkdir(parents=True, exist_ok=True)
        for filename, html in documents:
            path = out / filename
            path.write_bytes(cached_pdf(html))
            self.stdout.write(str(path))


def _assessment_document(pk: int) -> tuple[str, str]:
    assessment = (
        Assessment.objects.select_related("service__partnership", "principle_set", "rating_scale")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise CommandError(f"There is no assessment with id {pk}.")
    return assessment_report_filename(assessment), assessment_report_html(assessment)


def _board_pack_document(partnership_slug: str, set_slug: str) -> tuple[str, str]:
    partnership = Partnership.objects.filter(slug=partnership_slug).first()
    if partnership is None:
        raise CommandError(f"There is no partnership with slug {partnership_slug!r}.")
    principle_set = PrincipleSet.objects.filter(slug=set_slug).first()
    if principle_set is None:
        raise CommandError(f"There is no principle set with slug {set_slug!r}.")
    pack = board_pack.build_board_pack(partnership, principle_set)
    return board_pack_filename(pack), board_pack_html(pack)
