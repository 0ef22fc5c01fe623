"""Illustrations for the demo stories, drawn here so the demo needs no image files: people as
circles in a few groups, and the ties a convening made between the groups."""

import io
import itertools
import random

from django.core.files.images import ImageFile
from PIL import Image as Picture
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

WIDTH, HEIGHT = 1200, 675
# Background, groups, ties: quiet colours with enough contrast between them to read as shapes.
PALETTES = [
    ("#f3efe6", ["#1f6f6b", "#c8553d", "#f2a541", "#3d5a80"], "#6b6b6b"),
    ("#eef3f7", ["#2a4d69", "#4b86b4", "#e07a5f", "#81b29a"], "#5c6770"),
    ("#f6f1f1", ["#7a3b69", "#d17a22", "#3c6e71", "#9a8c98"], "#6d6875"),
]
COLLECTION_NAME = "Demo illustrations"


def illustration(seed: int) -> bytes:
    """A WebP picture of groups of people and the ties between them."""
    rng = random.Random(seed)  # noqa: S311 (a drawing, not a secret)
    background, colours, tie = PALETTES[seed % len(PALETTES)]
    picture = Picture.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(picture)
    groups = []
    # One group in each quarter of the picture, so the groups stand apart.
    quarters = [(0.27, 0.3), (0.73, 0.3), (0.27, 0.72), (0.73, 0.72)]
    rng.shuffle(quarters)
    for colour, (across, down) in zip(colours, quarters, strict=True):
        centre = (
            int(WIDTH * across) + rng.randint(-60, 60),
            int(HEIGHT * down) + rng.randint(-30, 30),
        )
        people = [
            (centre[0] + rng.randint(-140, 140), centre[1] + rng.randint(-80, 80))
            for _ in range(rng.randint(5, 8))
        ]
        groups.append((colour, people))
    # Ties within each group, then a few across groups: what convening adds.
    for _colour, people in groups:
        for a, b in itertools.pairwise(people):
            draw.line([a, b], fill=tie, width=3)
    for _ in range(5):
        (_, first), (_, second) = rng.sample(groups, 2)
        draw.line([rng.choice(first), rng.choice(second)], fill=tie, width=5)
    for colour, people in groups:
        for x, y in people:
            radius = rng.randint(16, 30)
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    out = io.BytesIO()
    picture.save(out, format="WEBP", quality=80, method=6)
    return out.getvalue()


def illustrate(pages) -> int:
    """Give each page without an image a drawn illustration; returns how many were drawn."""
    collection = _collection()
    drawn = 0
    for seed, page in enumerate(pages):
        if page.image_id:
            continue
        image = get_image_model()(
            title=f"Illustration: {page.title}",
            description="Groups of people drawn as circles, joined within and across groups.",
            file=ImageFile(io.BytesIO(illustration(seed)), name=f"{page.slug}.webp"),
            collection=collection,
        )
        image._set_image_file_metadata()
        image.save()
        page.image = image
        page.save_revision().publish()
        drawn += 1
    return drawn


def _collection() -> Collection:
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    if existing:
        return existing
    return Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
