"""Fill a throwaway database with a large, made-up community for the benchmark (`make bench`
runs it; see bench/README.md). A Django management command that lives with the benchmark
rather than in an app, so the site's own commands stay the site's:

    python bench/seed_scale.py [--scale 0.01] [--seed 7] [--targets PATH]

with DATABASE_URL naming a database that holds the demo content. Tests call `Command` with
`call_command`."""

import json
import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # run as a script: Django is set up before the models are imported
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convening_site.settings")
    import django

    django.setup()

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.scale.community import AlreadySeeded, NotReady, Progress, Sizes, stages
from bench.scale.community import seed as seed_community
from bench.scale.members import DOMAIN
from members.demo import PASSWORD

DEFAULTS = Sizes()


class Command(BaseCommand):
    help = (
        "Fill the database that DATABASE_URL names with a large, made-up community for "
        f"measuring speed: {DEFAULTS.members:,} members, {DEFAULTS.practices:,} practices, "
        f"{DEFAULTS.stories:,} stories, {DEFAULTS.gatherings:,} gatherings, "
        f"{DEFAULTS.replies:,} replies, {DEFAULTS.circles:,} circles and "
        f"{DEFAULTS.reflections:,} reflections, times --scale, written in bulk. Run `migrate` "
        "and `load_demo_content` on that database first: it builds on the demo. It runs once "
        "per database (a second run refuses and changes nothing). Every seeded member has an "
        f"address at @{DOMAIN} and the demo's published password, {PASSWORD}: use a "
        "throwaway database, never a real community's."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every size by this (default 1.0; 0.01 for a quick run).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=7,
            help="The random seed: the same seed builds the same community (default 7).",
        )
        parser.add_argument(
            "--targets",
            metavar="PATH",
            help="Write the benchmark's targets here as JSON: the member to sign in as (email "
            "and password), the addresses of the main pages (a busy practice, story and "
            "gatherings, a circle, the portfolio) and the member's secret calendar feed.",
        )

    def handle(self, *args, scale, seed: int, targets=None, **options):
        if not 0 < scale <= 20:
            raise CommandError("--scale must be above 0 and at most 20.")
        bar = ProgressBar(stages(DEFAULTS.times(scale)), sys.stderr)
        try:
            seeded = seed_community(scale=scale, seed=seed, progress=bar)
        except (NotReady, AlreadySeeded) as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        if targets:
            path = Path(targets)
            path.parent.mkdir(parents=True, exist_ok=True)
            document = {
                "database": connection.vendor,
                "scale": scale,
                "seed": seed,
                "member": {"email": seeded.member_email, "password": PASSWORD},
                "urls": seeded.urls,
                "counts": seeded.counts,
                "seconds": round(seeded.seconds, 1),
            }
            path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Benchmark targets written to {path}")
        self.stdout.write(f"Sign in as {seeded.member_email} with the password {PASSWORD}.")
        counts = ", ".join(f"{value:,} {name}" for name, value in seeded.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded the {connection.vendor} database in {seeded.seconds:.0f} s. "
                f"It now holds {counts} (the demo's included)."
            )
        )


class ProgressBar(Progress):
    """A bar on standard error, redrawn in place on a terminal; elsewhere (a log, CI) a line
    per stage, so the log stays readable."""

    WIDTH = 30

    def __init__(self, plan, stream):
        self.costs = {label: cost for label, _units, cost in plan}
        self.total = sum(units * cost for _label, units, cost in plan) or 1
        self.stream = stream
        self.live = stream.isatty()
        self.done = 0.0
        self.label = ""
        self.started = time.perf_counter()
        self.drawn = -1

    def stage(self, label):
        self.label = label
        if not self.live:
            self.stream.write(f"{self._elapsed()} {label}...\n")
            self.stream.flush()
        self._draw()

    def advance(self, units):
        self.done = min(self.total, self.done + units * self.costs.get(self.label, 1))
        self._draw()

    def close(self):
        if self.live and self.drawn >= 0:
            self.stream.write("\n")
            self.stream.flush()

    def _elapsed(self):
        return f"{time.perf_counter() - self.started:5.0f} s"

    def _draw(self):
        if not self.live:
            return
        percent = int(100 * self.done / self.total)
        if percent == self.drawn and self.label == getattr(self, "_drawn_label", None):
            return
        self.drawn, self._drawn_label = percent, self.label
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}% {self._elapsed()}  {self.label:<14}")
        self.stream.flush()


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "seed_scale", *sys.argv[1:]])
